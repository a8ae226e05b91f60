package redact

import (
	"bytes"
	"encoding/json"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/fakelogs"
	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/jsonvalue"
)

// recordBytes is the size of the parts of l that redaction reads.
func recordBytes(l *gen.IntegrationLog) int {
	n := len(l.BaseURL) + len(l.AdditionalData)
	for _, s := range []*string{l.FullURL, l.Exception} {
		if s != nil {
			n += len(*s)
		}
	}
	if l.Request != nil {
		n += len(l.Request.Headers) + len(l.Request.Payload)
	}
	if l.Response != nil {
		n += len(l.Response.Headers) + len(l.Response.Body)
	}
	return n
}

// BenchmarkRedact redacts the fake's realistic records (every shop system,
// secrets in headers, URLs, payloads and bodies): the CLI does this for
// every record it prints. MB/s counts the bytes of the fields read.
func BenchmarkRedact(b *testing.B) {
	logs := fakelogs.All(b)
	size := 0
	for i := range logs {
		size += recordBytes(&logs[i])
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		for i := range logs {
			_ = Log(logs[i])
		}
	}
	cpu := cpuTime() - start
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(logs))/1000, "µs/record")
	// CPU time says the same without the wait for a busy machine's cores.
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*len(logs))/1000, "cpu-µs/record")
	b.ReportMetric(float64(b.N*size)/cpu.Seconds()/1e6, "cpu-MB/s")
}

// cpuTime is the CPU time (user + system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// adversarial are the inputs that made redaction quadratic before: each
// must be linear.
func adversarial() map[string]jsonvalue.Value {
	arr := "[" + strings.Repeat(`"a",`, 1<<18) + `"a"]` // 1 MiB
	nested := strings.Repeat(`{"k":`, 9000) + arr + strings.Repeat("}", 9000)
	percent := `"` + strings.Repeat("%", 4<<20) + `"`
	colons := `"` + strings.Repeat(`'password': `, 1<<18) + `"`
	return map[string]jsonvalue.Value{
		"nested-9000-around-1MiB-array": jsonvalue.Value(nested),
		"string-4MiB-percent":           jsonvalue.Value(percent),
		"pairs-3MiB-password":           jsonvalue.Value(colons),
		"at-signs-4MiB":                 jsonvalue.Value(`"` + strings.Repeat("a://b:c@", 1<<19) + `"`),
		"json-in-string-1MiB":           jsonvalue.Value(encodeString(nil, []byte(nested))),
	}
}

// BenchmarkRedactAdversarial redacts the adversarial inputs: MB/s of input.
func BenchmarkRedactAdversarial(b *testing.B) {
	for name, v := range adversarial() {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(v)))
			start := cpuTime()
			for b.Loop() {
				_ = Value(v)
			}
			b.ReportMetric(float64(b.N*len(v))/(cpuTime()-start).Seconds()/1e6, "cpu-MB/s")
		})
	}
}

// The adversarial inputs are redacted (BenchmarkAdversarial says how fast)
// into valid JSON of the same kind.
func TestAdversarialStaysValid(t *testing.T) {
	for name, v := range adversarial() {
		got := Value(v)
		if !bytes.HasPrefix(got, v[:1]) || !json.Valid(got) {
			t.Errorf("%s: not valid JSON of the same kind: %.80s…", name, got)
		}
	}
}
