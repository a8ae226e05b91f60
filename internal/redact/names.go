package redact

import "encoding/binary"

// The one list of secret names. Every rule asks it: header names, JSON and
// dict keys at any depth, query, form and cookie parameters, "name: value"
// lines. A name is read as words — split at every character that is not a
// letter or digit, at lower-to-upper case changes (apiKey, XAuthToken), and
// between letters and digits — compared without case.
var (
	// secretWords are secret as a whole word: "key" catches api_key,
	// X-Api-Key, apiKey, consumer_key, private_key and order_key, but not
	// keyword or monkey.
	secretWords = []string{"pw", "pwd", "pass", "key", "auth", "sig", "hash", "jwt", "sid", "verifier"}
	// secretFragments are secret anywhere in a word, for names written as
	// one word (XAPIKEY, PHPSESSID, accesstoken, sessionid).
	secretFragments = []string{"token", "secret", "password", "passwd", "passphrase", "apikey", "authorization",
		"authorisation", "authentication", "signature", "session", "sessid", "cookie", "credential", "hmac",
		"privatekey"}
	// secretWholeNames are secret only as the entire name: OAuth's code
	// (authorization code), not carrier_code or postal_code. Its numbers
	// stay (an error body's "code": 404 is a status), and so do error codes
	// (see errorCode).
	secretWholeNames = []string{"code"}
	// describingWords, as a name's last word, say the value describes a
	// secret rather than being one: token_type, oauth_signature_method,
	// key_permissions, client_secret_expires_at, refresh_token_url.
	describingWords = []string{"type", "method", "version", "permissions", "scope", "expires", "expiry", "at", "in",
		"length", "count", "url", "uri"}
)

// SecretNames lists every entry of the list, for documentation and tests.
func SecretNames() []string {
	out := append([]string(nil), secretWords...)
	out = append(out, secretFragments...)
	return append(out, secretWholeNames...)
}

// nameKind is what the list says about a name.
type nameKind uint8

const (
	plainName   nameKind = iota // not a secret
	secretName                  // its value is a secret
	secretIfStr                 // its value is a secret when it is a string (OAuth's code)
)

// SecretName reports whether the value of the header, key or parameter
// called name is a secret. Case, '-', '_' and '.' do not matter.
func SecretName(name string) bool { return classify(name) != plainName }

// text is what a name can come as: a string, or the bytes of a record.
type text interface{ ~string | ~[]byte }

// maxWord bounds the words lower-cased on the stack; a longer word is
// lower-cased into a heap buffer (and still matched).
const maxWord = 48

// classify returns the kind of name, in one pass over its bytes without
// allocating (unless a word is longer than maxWord). It runs for every key
// and every name before ':' or '=' of every record, so words are compared
// as integers (wordKind) rather than as strings.
func classify[T text](name T) nameKind {
	// Surrounding spaces and quotes do not count.
	for len(name) > 0 && isTrim(name[0]) {
		name = name[1:]
	}
	for len(name) > 0 && isTrim(name[len(name)-1]) {
		name = name[:len(name)-1]
	}
	if len(name) == 0 {
		return plainName
	}
	if equalFold(fieldName(name), "code") { // code, user[code], code[]
		return secretIfStr
	}
	if !mayHoldSecretWord(name) {
		return plainName // most names: Content-Type, status, limit
	}
	// buf holds one lower-cased word and, after it, 8 zero bytes: wordKind
	// reads words 8 and 4 bytes at a time.
	var buf [maxWord + 8]byte
	secret := false
	for i := 0; i < len(name); {
		if !isAlnum(name[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(name) && isAlnum(name[j]) && !wordBreak(name, j) {
			j++
		}
		var w []byte
		if j-i <= maxWord {
			w = buf[:j-i]
		} else {
			w = make([]byte, j-i, j-i+8)
		}
		for k := range w {
			w[k] = lower(name[i+k])
		}
		clear(w[len(w) : len(w)+8])
		switch wordKind(w) {
		case describingWord:
			secret = secret && !lastWord(name, j)
		case secretWordKind:
			secret = true
		}
		i = j
	}
	if secret {
		return secretName
	}
	return plainName
}

// fieldName is the field a bracketed name sets, as Rails and PHP read
// forms: user[code] and user[code][] set code, code[] sets code; any other
// name is itself. A name that is secret only as a whole (code) is secret
// as the field of a bracketed name too.
func fieldName[T text](name T) T {
	for len(name) >= 2 && name[len(name)-2] == '[' && name[len(name)-1] == ']' {
		name = name[:len(name)-2]
	}
	if len(name) == 0 || name[len(name)-1] != ']' {
		return name
	}
	for i := len(name) - 2; i >= 0; i-- {
		if name[i] == '[' {
			return name[i+1 : len(name)-1]
		}
	}
	return name
}

// lastWord reports whether no letter or digit follows name[j:].
func lastWord[T text](name T, j int) bool {
	for ; j < len(name); j++ {
		if isAlnum(name[j]) {
			return false
		}
	}
	return true
}

// wordBreak reports whether a new word starts at name[j] (name[j-1] and
// name[j] are both letters or digits).
func wordBreak[T text](name T, j int) bool {
	p, c := charClass[name[j-1]], charClass[name[j]]
	switch {
	case (p^c)&classDigit != 0:
		return true
	case p&classLower != 0 && c&classUpper != 0:
		return true // apiKey
	case p&classUpper != 0 && c&classUpper != 0 && j+1 < len(name) && isLower(name[j+1]):
		return true // APIKey: API|Key
	}
	return false
}

// What the list says about one lower-cased word.
const (
	plainWord      = iota
	describingWord // on describingWords
	secretWordKind // on secretWords, or holds one of secretFragments
)

// wordKind looks w up in the list. w is lower case, and 8 readable zero
// bytes follow it (w[:len(w)+8] is valid): a word of up to 8 bytes is then
// one uint64, compared with the few words of its length, and a fragment is
// looked for by its first byte and first 4 bytes before it is compared
// whole.
func wordKind(w []byte) int {
	n := len(w)
	if n <= 8 {
		v := binary.LittleEndian.Uint64(w[:8])
		for _, e := range shortWords[n] {
			if e.packed == v {
				return e.kind
			}
		}
	} else if n < len(longWords) {
		for _, e := range longWords[n] {
			if string(w) == e.word {
				return e.kind
			}
		}
	}
	for i := 0; i+4 <= n; i++ {
		fs := fragmentsByFirst[w[i]]
		if len(fs) == 0 {
			continue
		}
		p := binary.LittleEndian.Uint32(w[i : i+4])
		for _, f := range fs {
			if f.prefix == p && len(f.word) <= n-i && string(w[i:i+len(f.word)]) == f.word {
				return secretWordKind
			}
		}
	}
	return plainWord
}

// mayHoldSecretWord reports whether name holds every letter of some entry
// of secretWords or secretFragments (in any order and case): a name that
// does not cannot hold one of them, and most names do not.
func mayHoldSecretWord[T text](name T) bool {
	var m uint32
	for i := 0; i < len(name); i++ {
		m |= letterBit[name[i]]
	}
	for _, need := range secretLetters {
		if m&need == need {
			return true
		}
	}
	return false
}

// surelyPlain reports, in one pass over its bytes, that classify(name)
// and classifyName(name) are both plainName without asking them (or a
// cache): name has no '%' (a percent escape can make any letter), and not
// every letter of any entry of the list (secretLetters, wholeNameLetters).
// ('+' and the brackets only separate names or join them: the name
// classifyName reads has no letter that name has not.) Most names of a
// record are such: 11 in 11:41:23, 23+01 in +01:00, Content-Type,
// created_at. False only means: ask classify.
func surelyPlain[T text](name T) bool {
	var m uint32
	for i := 0; i < len(name); i++ {
		m |= letterBit[name[i]]
	}
	return lettersPlain(m)
}

// lettersPlain is surelyPlain for a name whose letterBit bits are m.
func lettersPlain(m uint32) bool {
	if m&escapeBit != 0 {
		return false
	}
	// Bit j of setsWithin[k][b]: entry j's letters in byte k of a letter
	// set are all in b. An entry is within m when that holds for the four
	// bytes: four loads instead of a loop over the entries.
	t := &setsWithin
	return t[0][m&0xff]&t[1][m>>8&0xff]&t[2][m>>16&0xff]&t[3][m>>24] == 0
}

// setsWithin is built from secretLetters and wholeNameLetters (the
// entries surelyPlain asks about); see surelyPlain.
var setsWithin = func() (t [4][256]uint64) {
	sets := append(append([]uint32(nil), secretLetters...), wholeNameLetters...)
	if len(sets) > 64 {
		panic("redact: more than 64 letter sets; surelyPlain needs wider masks")
	}
	for k := range t {
		for b := range t[k] {
			for j, set := range sets {
				if uint32(b)&(set>>(8*k)&0xff) == set>>(8*k)&0xff {
					t[k][b] |= 1 << j
				}
			}
		}
	}
	return t
}()

// escapeBit marks '%' in letterBit (beside the 26 letters): percent
// escapes can hold any letter (classifyName decodes them).
const escapeBit = 1 << 26

// wholeNameLetters are the letter sets of secretWholeNames.
var wholeNameLetters = func() (sets []uint32) {
	for _, w := range secretWholeNames {
		var m uint32
		for i := 0; i < len(w); i++ {
			m |= letterBit[w[i]]
		}
		sets = append(sets, m)
	}
	return sets
}()

// letterBit is the bit of each ASCII letter, either case, in a letter set.
var letterBit = func() (t [256]uint32) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = 1 << (c - 'a')
		t[c-'a'+'A'] = 1 << (c - 'a')
	}
	t['%'] = escapeBit
	return t
}()

// secretLetters are the letter sets of secretWords and secretFragments,
// without those that hold another (password holds the letters of pw: one
// test says both).
var secretLetters = func() []uint32 {
	var sets []uint32
	for _, w := range append(append([]string(nil), secretWords...), secretFragments...) {
		var m uint32
		for i := 0; i < len(w); i++ {
			m |= letterBit[w[i]]
		}
		sets = append(sets, m)
	}
	var minimal []uint32
	for i, m := range sets {
		redundant := false
		for j, o := range sets {
			if j != i && o&m == o && (o != m || j < i) {
				redundant = true // o is a subset of m (or the same, seen first)
				break
			}
		}
		if !redundant {
			minimal = append(minimal, m)
		}
	}
	return minimal
}()

// listWord is a word of describingWords or secretWords, or a fragment, in
// the forms wordKind compares.
type listWord struct {
	word   string
	packed uint64 // the word as little-endian bytes, when it has up to 8
	prefix uint32 // its first 4 bytes, for fragments
	kind   int
}

func pack(w string) uint64 {
	var b [8]byte
	copy(b[:], w)
	return binary.LittleEndian.Uint64(b[:])
}

// shortWords and longWords are describingWords and secretWords by length
// (up to 8 bytes and longer); fragmentsByFirst is secretFragments by first
// byte. All are built from the one list above.
var shortWords, longWords, fragmentsByFirst = func() (short [9][]listWord, long [16][]listWord, frag [256][]listWord) {
	add := func(words []string, kind int) {
		for _, w := range words {
			e := listWord{word: w, packed: pack(w), kind: kind}
			if len(w) <= 8 {
				short[len(w)] = append(short[len(w)], e)
			} else {
				long[len(w)] = append(long[len(w)], e)
			}
		}
	}
	add(describingWords, describingWord) // first: a describing word wins
	add(secretWords, secretWordKind)
	for _, f := range secretFragments {
		frag[f[0]] = append(frag[f[0]], listWord{word: f, prefix: uint32(pack(f[:4])), kind: secretWordKind})
	}
	return short, long, frag
}()

func equalFold[T text](s T, lowerASCII string) bool {
	if len(s) != len(lowerASCII) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if lower(s[i]) != lowerASCII[i] {
			return false
		}
	}
	return true
}

func isTrim(c byte) bool { return c == ' ' || c == '\t' || c == '"' || c == '\'' }

// charClass says, for every byte, whether it is a digit, a lower- or an
// upper-case ASCII letter: one load instead of range tests in the loops
// that run on every byte of a name.
var charClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = classDigit
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = classLower
		t[c-'a'+'A'] = classUpper
	}
	return t
}()

const (
	classDigit = 1 << iota
	classLower
	classUpper
)

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isAlnum(c byte) bool { return charClass[c] != 0 }

func lower(c byte) byte {
	if isUpper(c) {
		return c + 'a' - 'A'
	}
	return c
}

// errorCode reports whether the value of a "code" is an error code, such as
// WooCommerce's "woocommerce_rest_authentication_error" or OAuth's
// "invalid_grant": letters of one case joined by '_', '.' or '-', without
// digits. An OAuth authorization code is random, with digits or mixed case.
func errorCode[T text](v T) bool {
	lowers, uppers := 0, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case isLower(c):
			lowers++
		case isUpper(c):
			uppers++
		case c == '_' || c == '.' || c == '-':
		default:
			return false
		}
	}
	return lowers+uppers > 0 && (lowers == 0 || uppers == 0)
}

// keepCode reports whether the text value of a "code" stays: an error code
// or a number (a status).
func keepCode[T text](v T) bool {
	if errorCode(v) {
		return true
	}
	for i := 0; i < len(v); i++ {
		if !isDigit(v[i]) {
			return false
		}
	}
	return len(v) > 0
}
