package redact

import (
	"bytes"
	"encoding/json"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sclogs/sclogs/jsonvalue"
)

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
			start := cpuTimeNow()
			for b.Loop() {
				_ = Value(v)
			}
			b.ReportMetric(float64(b.N*len(v))/(cpuTimeNow()-start).Seconds()/1e6, "cpu-MB/s")
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

// cpuTimeNow is the CPU time (user + system) this process has used.
func cpuTimeNow() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
