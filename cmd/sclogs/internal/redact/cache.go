package redact

// A record's keys, header names and parameter names are mostly those of the
// record before: a walker remembers what the list said about the last names
// it classified. The cache is direct-mapped and of fixed size (an entry is
// overwritten by the next name that hashes to it), keyed by every byte of
// the name, so it answers exactly what classifying would.

// maxCachedName is the longest name kept; longer ones are classified each
// time.
const maxCachedName = 24

// nameCache maps names of up to maxCachedName bytes to their kind.
type nameCache [256]cachedName

type cachedName struct {
	name [maxCachedName]byte
	n    uint8 // the name's length + 1; 0: an empty entry
	kind nameKind
}

// cachedKind returns classify(name) (or classifyName when decode is set)
// through c; c may be nil. The slot comes from the length and three bytes
// of the name (cheap; similar names may share a slot, which costs only a
// miss), and a hit compares the whole name.
func cachedKind[T text](c *nameCache, name T, decode bool) nameKind {
	n := len(name)
	if c == nil || n == 0 || n > maxCachedName {
		return kindOf(name, decode)
	}
	h := uint(n)*0x9e37 ^ uint(name[0])*0x85eb ^ uint(name[n/2])*0xc2b3 ^ uint(name[n-1])*0x27d5
	e := &c[(h^h>>6^h>>12)%uint(len(c))]
	if int(e.n) == n+1 && string(e.name[:n]) == string(name) {
		return e.kind
	}
	k := kindOf(name, decode)
	copy(e.name[:], name)
	e.n, e.kind = uint8(n+1), k
	return k
}

func kindOf[T text](name T, decode bool) nameKind {
	if decode {
		return classifyName(name)
	}
	return classify(name)
}
