package redact

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
// allocating (unless a word is longer than maxWord).
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
	if equalFold(name, "code") {
		return secretIfStr
	}
	var buf [maxWord]byte
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
		w := buf[:0]
		if j-i > maxWord {
			w = make([]byte, 0, j-i)
		}
		for k := i; k < j; k++ {
			w = append(w, lower(name[k]))
		}
		switch {
		case describingSet.has(w):
			secret = secret && !lastWord(name, j)
		case secretWord(w):
			secret = true
		}
		i = j
	}
	if secret {
		return secretName
	}
	return plainName
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
	p, c := name[j-1], name[j]
	switch {
	case isDigit(p) != isDigit(c):
		return true
	case isLower(p) && isUpper(c):
		return true // apiKey
	case isUpper(p) && isUpper(c) && j+1 < len(name) && isLower(name[j+1]):
		return true // APIKey: API|Key
	}
	return false
}

func secretWord(w []byte) bool {
	if wordSet.has(w) {
		return true
	}
	for i := 0; i < len(w); i++ {
		for _, f := range fragmentsByFirst[w[i]] {
			if len(f) <= len(w)-i && string(w[i:i+len(f)]) == f {
				return true
			}
		}
	}
	return false
}

// describingSet and wordSet are describingWords and secretWords by length:
// a word is compared with the few of its length, without hashing (this is
// on the hot path: every key of every record).
var describingSet, wordSet = byLength(describingWords), byLength(secretWords)

type lengthSet [16][]string

func byLength(words []string) *lengthSet {
	var t lengthSet
	for _, w := range words {
		t[len(w)] = append(t[len(w)], w)
	}
	return &t
}

func (t *lengthSet) has(w []byte) bool {
	if len(w) >= len(t) {
		return false
	}
	for _, s := range t[len(w)] {
		if string(w) == s {
			return true
		}
	}
	return false
}

// fragmentsByFirst indexes secretFragments by their first byte, so a word
// is searched for all of them in one pass.
var fragmentsByFirst = func() (t [256][]string) {
	for _, f := range secretFragments {
		t[f[0]] = append(t[f[0]], f)
	}
	return t
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

func isTrim(c byte) bool  { return c == ' ' || c == '\t' || c == '"' || c == '\'' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isAlnum(c byte) bool { return isDigit(c) || isLower(c) || isUpper(c) }

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
