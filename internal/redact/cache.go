package redact

// A record's keys, header names and parameter names are mostly those of the
// record before: a walker remembers what the list said about the last names
// it classified. The cache is of fixed size: a name has two slots, and a
// new name overwrites one of them (in turn). An entry holds every byte of
// its name, so the cache answers exactly what classifying would.

// maxCachedName is the longest name kept; longer ones are classified each
// time.
const maxCachedName = 32

// nameCache maps names of up to maxCachedName bytes to their kind.
type nameCache struct {
	slots [1 << cacheBits]cachedName
	next  uint64 // 0 or 1: which of a name's slots the next miss fills
}

// cacheBits is log2 of the number of slots.
const cacheBits = 8

type cachedName struct {
	name [maxCachedName]byte
	n    uint8 // the name's length + 1; 0: an empty entry
	kind nameKind
	// clean: the name read as text has nothing to redact (set by the JSON
	// walk for keys, so a record's usual keys are read as text once).
	clean bool
}

// cachedKind returns classify(name) (or classifyName when decode is set)
// through surelyPlain and c; with c nil it asks the list every time. The
// slot comes from the length and four bytes of the name (cheap; similar
// names may share a slot, which costs only a miss), and a hit compares the
// whole name.
func cachedKind[T text](c *nameCache, name T, decode bool) nameKind {
	if c == nil {
		return kindOf(name, decode) // no cache, no shortcut (walker.general)
	}
	if surelyPlain(name) {
		return plainName // most names: no need to hash and compare them
	}
	k, _ := cachedEntry(c, name, decode)
	return k
}

// cachedEntry is cachedKind that also returns name's entry (nil when name
// is not cached), valid until the next call.
func cachedEntry[T text](c *nameCache, name T, decode bool) (nameKind, *cachedName) {
	n := len(name)
	if c == nil || n == 0 || n > maxCachedName {
		return kindOf(name, decode), nil
	}
	h := uint64(n) | uint64(name[0])<<8 | uint64(name[n/2])<<16 | uint64(name[n-1])<<24 | uint64(name[n/3])<<32
	i := h * 0x9e3779b97f4a7c15 >> (64 - cacheBits) // Fibonacci hashing: the top bits
	// The name's two slots, unrolled.
	if e := &c.slots[i]; int(e.n) == n+1 && string(e.name[:n]) == string(name) {
		return e.kind, e
	}
	if e := &c.slots[i^1]; int(e.n) == n+1 && string(e.name[:n]) == string(name) {
		return e.kind, e
	}
	k := kindOf(name, decode)
	e := &c.slots[i^c.next]
	c.next ^= 1
	copy(e.name[:], name)
	e.n, e.kind, e.clean = uint8(n+1), k, false
	return k, e
}

func kindOf[T text](name T, decode bool) nameKind {
	if decode {
		return classifyName(name)
	}
	return classify(name)
}
