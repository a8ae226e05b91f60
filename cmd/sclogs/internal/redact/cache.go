package redact

import "encoding/binary"

// A record's keys, header names and parameter names are mostly those of the
// record before: a walker remembers what the list said about the last names
// it classified. The cache is direct-mapped and of fixed size (an entry is
// overwritten by the next name that hashes to it), keyed by every byte of
// the name, so it answers exactly what classifying would.

// maxCachedName is the longest name kept; longer ones are classified each
// time.
const maxCachedName = 24

// nameCache maps names of up to maxCachedName bytes to their kind.
type nameCache [64]cachedName

type cachedName struct {
	name [maxCachedName / 8]uint64 // the name's bytes, zero-padded
	n    uint8                     // its length + 1; 0: an empty entry
	kind nameKind
}

// cachedKind returns classify(name) (or classifyName when decode is set)
// through c; c may be nil.
func cachedKind[T text](c *nameCache, name T, decode bool) nameKind {
	if c == nil || len(name) > maxCachedName {
		return kindOf(name, decode)
	}
	var b [maxCachedName]byte
	copy(b[:], name)
	key := [3]uint64{binary.LittleEndian.Uint64(b[0:]), binary.LittleEndian.Uint64(b[8:]), binary.LittleEndian.Uint64(b[16:])}
	h := (key[0]*0x9e3779b97f4a7c15 ^ key[1]*0xc2b2ae3d27d4eb4f ^ key[2]*0x165667b19e3779f9 ^ uint64(len(name))) * 0xff51afd7ed558ccd
	e := &c[h>>(64-6)]
	if e.n == uint8(len(name))+1 && e.name == key {
		return e.kind
	}
	k := kindOf(name, decode)
	*e = cachedName{name: key, n: uint8(len(name)) + 1, kind: k}
	return k
}

func kindOf[T text](name T, decode bool) nameKind {
	if decode {
		return classifyName(name)
	}
	return classify(name)
}
