package output

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// NDJSON lines are the same bytes whether a record is escaped into the
// writer's free space or, when it does not fit there, through its own
// buffer: records of every size around the buffer's, with characters
// that escaping makes longer, written one after another.
func TestNDJSONLinesAcrossTheBuffer(t *testing.T) {
	t.Parallel()
	var recs [][]byte
	for i, size := range []int{10, bufSize - 40, 100, bufSize, 3, bufSize + 5000, 700, bufSize/2 - 1, bufSize / 2, 1} {
		pad := strings.Repeat(fmt.Sprintf("x\u2028\x7f%d ", i), size+1)[:size]
		recs = append(recs, []byte(fmt.Sprintf(`{"i": %d, "s": %q}`, i, strings.ToValidUTF8(pad, ""))))
	}
	for round := 0; round < 3; round++ { // the buffer's fill differs each round
		var out, want bytes.Buffer
		w := newNDJSON(&out)
		for _, r := range recs {
			if err := w.Write(Record{JSON: r}); err != nil {
				t.Fatal(err)
			}
			want.Write(append(appendRaw(nil, r), '\n'))
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), want.Bytes()) {
			t.Fatalf("round %d: NDJSON differs from the records escaped one by one", round)
		}
		recs = append(recs[1:], recs[0])
	}
}
