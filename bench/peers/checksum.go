package main

import (
	"hash/maphash"
	"time"

	"github.com/go-faster/jx"
	"github.com/sclogs/sclogs/bench/peers/ogenapi"
	"github.com/sclogs/sclogs/gen"
)

// digest hashes every field of a record in one canonical form, so a record
// decoded into gen's types and the same record decoded into ogen's types hash
// the same. Absent and null are one state (gen's pointers cannot tell them
// apart); raw JSON fields are hashed as the bytes received. Byte strings go
// through hash/maphash, many times faster than the decoders measured, so the
// checksum's cost dilutes the ratios little; the seed is per process, and
// every checksum compared is made in the same process.
type digest uint64

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

var seed = maphash.MakeSeed()

func newDigest() *digest { d := digest(fnvOffset); return &d }

func (d *digest) num(v int64) { *d = (*d ^ digest(v)) * fnvPrime }

func (d *digest) bytes(b []byte) {
	d.num(int64(len(b)))
	d.num(int64(maphash.Bytes(seed, b)))
}

func (d *digest) str(s string) {
	d.num(int64(len(s)))
	d.num(int64(maphash.String(seed, s)))
}

// set marks whether the next value is there; a missing value writes only this.
func (d *digest) set(ok bool) bool {
	if ok {
		d.num(1)
	} else {
		d.num(0)
	}
	return ok
}

func (d *digest) time(t time.Time) {
	_, off := t.Zone()
	d.num(t.UnixNano())
	d.num(int64(off))
}

func (d *digest) sum() uint64 { return uint64(*d) }

// checksum folds the records' digests in order: the same records in another
// order give another checksum.
type checksum uint64

func (c *checksum) add(record uint64) { *c = checksum(uint64(*c)*fnvPrime ^ record) }

func genDigest(l *gen.IntegrationLog) uint64 {
	d := newDigest()
	if d.set(l.ID != nil) {
		d.num(int64(*l.ID))
	}
	if d.set(l.IntegrationID != nil) {
		d.num(int64(*l.IntegrationID))
	}
	d.str(l.BaseURL)
	if d.set(l.FullURL != nil) {
		d.str(*l.FullURL)
	}
	if d.set(l.Method != nil) {
		d.str(*l.Method)
	}
	if d.set(l.ResponseCode != nil) {
		d.num(int64(*l.ResponseCode))
	}
	if d.set(l.Response != nil) {
		d.bytes(l.Response.Headers)
		d.bytes(l.Response.Body)
	}
	if d.set(l.Request != nil) {
		d.bytes(l.Request.Headers)
		d.bytes(l.Request.Payload)
	}
	if d.set(l.CreatedAt != nil) {
		d.time(*l.CreatedAt)
	}
	if d.set(l.ExceptionType != nil) {
		d.str(*l.ExceptionType)
	}
	if d.set(l.Exception != nil) {
		d.str(*l.Exception)
	}
	if d.set(l.Protected != nil) {
		d.set(*l.Protected)
	}
	d.bytes(l.AdditionalData)
	return d.sum()
}

func ogenDigest(l *ogenapi.IntegrationLog) uint64 {
	d := newDigest()
	if d.set(l.ID.Set) {
		d.num(int64(l.ID.Value))
	}
	if d.set(l.IntegrationID.Set && !l.IntegrationID.Null) {
		d.num(int64(l.IntegrationID.Value))
	}
	d.str(l.BaseURL)
	if d.set(l.FullURL.Set && !l.FullURL.Null) {
		d.str(l.FullURL.Value)
	}
	if d.set(l.Method.Set) {
		d.str(l.Method.Value)
	}
	if d.set(l.ResponseCode.Set && !l.ResponseCode.Null) {
		d.num(int64(l.ResponseCode.Value))
	}
	if d.set(l.Response.Set && !l.Response.Null) {
		d.bytes(raw(l.Response.Value.Headers))
		d.bytes(raw(l.Response.Value.Body))
	}
	if d.set(l.Request.Set && !l.Request.Null) {
		d.bytes(raw(l.Request.Value.Headers))
		d.bytes(raw(l.Request.Value.Payload))
	}
	if d.set(l.CreatedAt.Set) {
		d.time(l.CreatedAt.Value)
	}
	if d.set(l.ExceptionType.Set && !l.ExceptionType.Null) {
		d.str(l.ExceptionType.Value)
	}
	if d.set(l.Exception.Set && !l.Exception.Null) {
		d.str(l.Exception.Value)
	}
	if d.set(l.Protected.Set) {
		d.set(l.Protected.Value)
	}
	d.bytes(raw(l.AdditionalData))
	return d.sum()
}

func raw(r jx.Raw) []byte { return []byte(r) }
