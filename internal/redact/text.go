package redact

import (
	"strings"
	"unsafe"
)

// Free text — exception messages, URLs, bodies and header values sent as
// text, JSON strings after their escapes are decoded — is read once, left
// to right. At each byte that can start a secret one rule looks around it;
// a rule that redacts consumes what it replaced, and every look back is
// bounded (maxLookBack), so the work is linear in the text. The rules:
//
//   - name: value and name = value where name is on the list: header
//     lines ("Authorization: Bearer …"), dict reprs and JSON text
//     ({'api_key': '…'}, "password": "…"), query, form and cookie
//     parameters (?access_token=…, client_secret=…&code=…, sid=…).
//   - scheme://user:password@host: the password; scheme://user@host: the
//     user, which is then the credential (PrestaShop's key, a token).
//   - Bearer … and Basic … anywhere.
//   - JWTs (eyJ….eyJ….…), and tokens whose prefix names them: Shopify's
//     shpat_/shpss_/shpca_/shppa_/shpua_, WooCommerce's ck_/cs_ keys,
//     Stripe-style sk_live_/sk_test_/rk_live_.
//   - percent-encoded parameters (redirect_uri=…%3Ftoken%3D…), as in a
//     URL inside a URL.
//   - XML elements named on the list (<password>…</password>,
//     <ws_key><![CDATA[…]]></ws_key>), for SOAP and PrestaShop bodies, and
//     HTML fields and metas named on the list (<input name="form_key"
//     value="…">, <meta name="csrf-token" content="…">).

// maxLookBack bounds how far back a rule reads for the name before ':' or
// '='. A longer name is not recognised; names on the list are short.
const maxLookBack = 256

// paramEnd are the bytes that end a name=value value.
const paramEnd = "&;#? \t\r\n\"'<>()[]{},\\"

// lineEnd are the bytes that end an unquoted "Name: value" value: a header
// value runs to its line's end (cookies hold ';', ',' and '=').
const lineEnd = "\r\n\"'<>\\"

// dictEnd are the bytes that end an unquoted value after a quoted key, as
// a number in {'pin': 1234, 'a': 1}.
const dictEnd = ",}]\r\n\"'<>\\"

// authorityEnd are the bytes that end a URL's authority (not '@': the
// authority runs through its userinfo).
const authorityEnd = "/?# \t\r\n\"'<>\\"

var (
	isParamEnd, isLineEnd     = byteSet(paramEnd), byteSet(lineEnd)
	isPathParamEnd            = byteSet(paramEnd + "/")
	isDictEnd, isAuthorityEnd = byteSet(dictEnd), byteSet(authorityEnd)
	// trigger are the bytes at which redactText looks around: a text
	// without any has nothing to redact.
	trigger = byteSet(":=/JBb%>_")
)

// triggerByte is trigger for the text scan: 1, or loneSlash for '/'.
var triggerByte = func() (t [256]uint8) {
	for c, on := range trigger {
		if on {
			t[c] = 1
		}
	}
	t['/'] = loneSlash
	return t
}()

// loneSlash is triggerByte's '/': the rules look only at a '/' followed by
// '/' (//user:pw@host), and most are path separators.
const loneSlash = 2

// loneSlashes reports whether no '/' among s[i:i+4] is followed by '/'
// (known when s[i+4] is there): a pair of them among s[i:i+5] holds s[i+1]
// or s[i+3].
func loneSlashes[T text](s T, i int) bool {
	return i+5 <= len(s) &&
		!(s[i+1] == '/' && (s[i] == '/' || s[i+2] == '/')) &&
		!(s[i+3] == '/' && (s[i+2] == '/' || s[i+4] == '/'))
}

func byteSet(s string) (t [256]bool) {
	for i := 0; i < len(s); i++ {
		t[s[i]] = true
	}
	return t
}

// Text returns s with the secrets in it replaced by Placeholder; s itself
// when there are none.
func Text(s string) string { return textString(s, nil) }

// textString is Text with a cache of names (nil for none).
func textString(s string, names *nameCache) string {
	out, changed := redactText(nil, s, names)
	if !changed {
		return s
	}
	// out is new and never written again: it can be the string's memory
	// (saving a copy of every redacted text).
	return unsafe.String(unsafe.SliceData(out), len(out))
}

// URL is Text for a URL (base_url, full_url, a doctor example): its
// password and the values of secret query and fragment parameters.
func URL(s string) string { return Text(s) }

// textRedactor builds the redacted copy of a text.
type textRedactor[T text] struct {
	s       T
	names   *nameCache // of classifyName's answers; may be nil
	out     []byte
	changed bool // out holds a copy up to last
	last    int  // s[last:] is not yet copied to out
}

// replace redacts s[from:to] (from >= last), unless it is Placeholder
// already.
func (r *textRedactor[T]) replace(from, to int) {
	if to <= from || equal(r.s[from:to], Placeholder) {
		return
	}
	if !r.changed && r.out == nil {
		r.out = make([]byte, 0, len(r.s)+len(Placeholder))
	}
	r.changed = true
	r.out = append(r.out, r.s[r.last:from]...)
	r.out = append(r.out, Placeholder...)
	r.last = to
}

// redactText appends the redacted bytes of s to dst (a new slice when dst
// is nil) and reports whether anything changed (dst is returned as it was
// then).
func redactText[T text](dst []byte, s T, names *nameCache) (out []byte, changed bool) {
	return redactTextFrom(dst, s, names, 0)
}

// redactTextFrom is redactText when the caller knows that no byte of
// s[:start] is a trigger: the scan for triggers starts at start.
func redactTextFrom[T text](dst []byte, s T, names *nameCache, start int) (out []byte, changed bool) {
	var r textRedactor[T]
	r.s, r.out, r.names = s, dst, names
	// from is where the scan last resumed after a rule consumed bytes: a
	// rule found by a byte after its start (the J of eyJ, the _ of ck_)
	// runs only when its start was not consumed.
	from := 0
	skipSlashes := r.names != nil
	for i := start; i < len(s); {
		// The next trigger, four bytes a step (one branch for four table
		// loads) through plain text, passing 4 bytes whose only triggers
		// are slashes that no '/' follows (a URL's path separators: the
		// rules do nothing there) unless the walk is general. Written out
		// here: the loop calls nothing while it scans.
		for ; i+4 <= len(s); i += 4 {
			if t := triggerByte[s[i]] | triggerByte[s[i+1]] | triggerByte[s[i+2]] | triggerByte[s[i+3]]; t != 0 &&
				(t != loneSlash || !skipSlashes || !loneSlashes(s, i)) {
				break
			}
		}
		for i < len(s) && triggerByte[s[i]] == 0 {
			i++
		}
		if i == len(s) {
			break
		}
		c := s[i]
		next := i + 1
		switch c {
		case ':':
			if i+2 < len(s) && s[i+1] == '/' && s[i+2] == '/' {
				next = r.userinfo(i + 3)
			} else if i+4 < len(s) && s[i+1] == '\\' && s[i+2] == '/' && s[i+3] == '\\' && s[i+4] == '/' {
				next = r.userinfo(i + 5) // https:\/\/ in JSON text quoted once more
			} else {
				next = r.pair(i, true)
			}
		case '=':
			next = r.pair(i, false)
		case '/':
			if i+1 < len(s) && s[i+1] == '/' && (i == 0 || !isAlnum(s[i-1]) && s[i-1] != ':') {
				next = r.userinfo(i + 2) // scheme-relative //user:pw@host
			}
		// Rules that start at a common letter are found by a rarer byte
		// inside what they look for (the rule checks it all again).
		case 'J': // eyJ…
			if i-2 >= from && s[i-2] == 'e' && s[i-1] == 'y' {
				next = r.jwt(i - 2)
			}
		case '_': // shpat_… at i-5, then ck_, cs_, sk_…, rk_… at i-2
			if i-5 >= from && s[i-5] == 's' && s[i-4] == 'h' {
				next = r.knownToken(i - 5)
			}
			if next <= i+1 && i-2 >= from && (s[i-2] == 'c' || s[i-2] == 's' || s[i-2] == 'r') {
				next = r.knownToken(i - 2)
			}
		case 'B', 'b':
			if i+1 < len(s) && (s[i+1]|0x20 == 'e' || s[i+1]|0x20 == 'a') {
				next = r.authScheme(i)
			}
		case '%':
			if hasPrefixFold(s[i:], "%3d") {
				next = r.encodedParam(i)
			}
		case '>':
			next = r.xmlElement(i)
		}
		if next > i+1 {
			from = next
		}
		i = max(next, i+1)
	}
	if !r.changed {
		return dst, false
	}
	return append(r.out, s[r.last:]...), true
}

// pair handles the ':' or '=' at i: when the name before it is on the list,
// its value is redacted. It returns where to go on.
//
// Names come as header and dict names (Authorization:, 'api_key':),
// parameters (token=, login[password]=, user%5Bpassword%5D=, password[]=)
// and PHP array dumps: print_r's [password] => x, var_export's
// 'consumer_secret' => 'x' and var_dump's ["api_key"]=> string(9) "x".
func (r *textRedactor[T]) pair(i int, colon bool) int {
	s := r.s
	arrow := !colon && i+1 < len(s) && s[i+1] == '>' // PHP's =>
	// The name: quoted ('name', "name", \"name\"), PHP's [name] or
	// ["name"], or a run of name bytes with brackets (login[password]).
	if !colon && (i+1 < len(s) && s[i+1] == '=' || i > 0 && (s[i-1] == '!' || s[i-1] == '<' || s[i-1] == '>' || s[i-1] == '=')) {
		return i + 1 // a comparison: ==, !=, <=, >=
	}
	j := i
	for j > 0 && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	quoted := false
	var nameStart, nameEnd int
	switch {
	case j > 1 && s[j-1] == ']' && (arrow || s[j-2] == '"' || s[j-2] == '\''):
		// [name] or ["name"] or ['name'] before =>, ['name'] or
		// ["name"] before = ($_SERVER['PHP_AUTH_PW'] = '…').
		k := j - 2
		for k >= 0 && j-k <= maxLookBack && s[k] != '[' && s[k] != '\n' {
			k--
		}
		if k < 0 || s[k] != '[' {
			return i + 1
		}
		nameStart, nameEnd = k+1, j-1
		if nameEnd-nameStart >= 2 && (s[nameStart] == '"' || s[nameStart] == '\'') && s[nameEnd-1] == s[nameStart] {
			nameStart, nameEnd = nameStart+1, nameEnd-1
		}
		quoted = true
	case j > 0 && (s[j-1] == '"' || s[j-1] == '\''):
		q := s[j-1]
		nameEnd = j - 1
		k := nameEnd - 1
		for k >= 0 && nameEnd-k <= maxLookBack && s[k] != q {
			k--
		}
		if k < 0 || nameEnd-k > maxLookBack {
			return i + 1
		}
		nameStart = k + 1
		if nameEnd > nameStart && s[nameEnd-1] == '\\' {
			nameEnd-- // \"name\"
		}
		quoted = true
	default:
		nameEnd = j
		k, letters := nameRunStart(s, j)
		if k == j || (k > 0 && isNameByte(s[k-1])) {
			return i + 1
		}
		if colon && k > 0 && (s[k-1] == '/' || s[k-1] == '@') {
			return i + 1 // a URL's user:password or host:port
		}
		nameStart = k
		if r.names != nil && lettersPlain(letters) {
			return i + 1 // surelyPlain, known from the letters read
		}
	}
	kind := cachedKind(r.names, s[nameStart:nameEnd], true)
	if kind == plainName {
		return i + 1
	}
	// The value.
	k := i + 1
	if arrow {
		k++
		for k < len(s) && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\n') {
			k++
		}
		var n int
		if k, n = phpValue(s, k); n >= 0 {
			// var_dump's declared length, or the digits of int(…): the
			// value is known exactly, quotes inside it included.
			end := k + n
			if k < len(s) && s[k] == '"' {
				end++
				k++
			}
			if end <= len(s) {
				r.replace(k, end)
				return end
			}
		}
	}
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	if k >= len(s) {
		return k
	}
	replace := func(from, to int) {
		if kind != secretIfStr || !keepCode(s[from:to]) {
			r.replace(from, to)
		}
	}
	// A Python bytes or text repr (b'…', u'…', r'…', rb'…') is a quoted
	// value: its prefix stays.
	if p := reprPrefix(s, k); p > 0 {
		k += p
	}
	switch c := s[k]; {
	case c == '"' || c == '\'':
		end := closingQuote(s, k+1, c)
		replace(k+1, end)
		return end
	case c == '\\' && k+1 < len(s) && (s[k+1] == '"' || s[k+1] == '\''):
		end := escapedQuote(s, k+2, s[k+1])
		replace(k+2, end)
		return end
	case c == '{' || c == '[':
		end := bracketEnd(s, k)
		r.replace(k, end)
		return end
	}
	if !colon {
		// name=Bearer <token>: the scheme may stay, the credential goes.
		if n := schemeWord(s, k); n > 0 {
			k += n
			for k < len(s) && s[k] == ' ' {
				k++
			}
			end := valueEnd(s, k, &isParamEnd, true)
			replace(k, end)
			return end
		}
	}
	set := &isParamEnd
	switch {
	case colon && quoted, arrow && quoted:
		set = &isDictEnd
	case colon, arrow:
		set = &isLineEnd
	case nameStart > 1 && s[nameStart-1] == ';' && s[nameStart-2] != ' ' && s[nameStart-2] != ';':
		set = &isPathParamEnd // a path parameter: /shop;jsessionid=…/orders
	}
	end := valueEnd(s, k, set, colon && !quoted)
	replace(k, end)
	return end
}

// nameRunStart returns where the run of name bytes ending at j starts,
// reading bracketed parts as part of the name: login[password],
// password[], filter[api][key]; and letters, the letterBit set of the
// name s[k:j] (read on the way).
func nameRunStart[T text](s T, j int) (k int, letters uint32) {
	k = j
	for k > 0 && j-k < maxLookBack {
		c := s[k-1]
		v := nameByte[c]
		switch {
		case v != 0, c == '[' && k < j, c == ']' && k == j || c == ']' && k < j && s[k] == '[':
			letters |= v
			k--
			continue
		}
		break
	}
	for k < j && (s[k] == '[' || s[k] == ']') {
		k++ // a name starts with a name byte (brackets have no letters)
	}
	return k, letters &^ nameByteBit
}

// nameByte is, for each byte that isNameByte, its letterBit and
// nameByteBit (so that no entry is 0); 0 for the other bytes.
var nameByte = func() (t [256]uint32) {
	for c := range t {
		if isNameByte(byte(c)) {
			t[c] = letterBit[c] | nameByteBit
		}
	}
	return t
}()

// nameByteBit marks name bytes in nameByte, above letterBit's bits.
const nameByteBit = 1 << 30

// valueEnd returns where an unquoted value starting at k ends: at a byte
// of set, with trailing blanks left out. With inner, quotes inside the
// value that open an auth-param (token="…", response="…", realm=\"…\")
// are read through, so that a header value such as
// Token token="x" or Digest username="u", response="x" goes whole.
func valueEnd[T text](s T, k int, set *[256]bool, inner bool) int {
	end := k
	for end < len(s) {
		c := s[end]
		if inner && end > k && s[end-1] == '=' {
			switch {
			case c == '"' || c == '\'':
				end = min(closingQuote(s, end+1, c)+1, len(s))
				continue
			case c == '\\' && end+1 < len(s) && (s[end+1] == '"' || s[end+1] == '\''):
				end = min(escapedQuote(s, end+2, s[end+1])+2, len(s))
				continue
			}
		}
		if set[c] {
			break
		}
		end++
	}
	for end > k && (s[end-1] == ' ' || s[end-1] == '\t') {
		end--
	}
	return end
}

// phpValue skips the type of a var_dump value — string(9) "x", int(5) —
// and returns where its value starts, and its length when the dump says
// it (string(9): 9 bytes after the quote, checked to end at a quote;
// int(5): the digits), else -1.
func phpValue[T text](s T, k int) (start, n int) {
	for _, t := range [...]string{"string(", "int(", "float(", "bool("} {
		if !hasPrefix(s[k:], t) {
			continue
		}
		open := k + len(t)
		close := open
		for close < len(s) && s[close] != ')' && s[close] != '\n' && close-open < 32 {
			close++
		}
		if close >= len(s) || s[close] != ')' {
			return k, -1
		}
		if t != "string(" {
			return open, close - open
		}
		size, ok := 0, close > open
		for _, c := range []byte(s[open:close]) {
			ok = ok && isDigit(c)
			size = size*10 + int(c-'0')
		}
		k = close + 1
		for k < len(s) && s[k] == ' ' {
			k++
		}
		if ok && k < len(s) && s[k] == '"' && k+1+size < len(s) && s[k+1+size] == '"' {
			return k, size
		}
		return k, -1
	}
	return k, -1
}

// reprPrefix returns the length of a Python string prefix (b, u, r, rb,
// br, f) at k followed by a quote, or 0.
func reprPrefix[T text](s T, k int) int {
	n := 0
	for n < 2 && k+n < len(s) {
		switch s[k+n] | 0x20 {
		case 'b', 'u', 'r', 'f':
			n++
			continue
		}
		break
	}
	if n > 0 && k+n < len(s) && (s[k+n] == '\'' || s[k+n] == '"') && (k == 0 || !isAlnum(s[k-1])) {
		return n
	}
	return 0
}

// authSchemes are the HTTP authentication schemes whose credential follows
// them after a space.
var authSchemes = [...]string{"bearer", "basic", "token", "digest", "bot", "oauth", "hmac", "negotiate", "ntlm", "apikey", "sso-key", "mac", "hawk", "aws4-hmac-sha256", "splunk", "gsslogin"}

// schemeWord returns the length of an authentication scheme at k followed
// by a space (Bearer …, Token …), or 0.
func schemeWord[T text](s T, k int) int {
	// No scheme holds a space: one that matches ends at the first space
	// after k, so only the schemes of that length are compared.
	n := 0
	for k+n < len(s) && s[k+n] != ' ' {
		if n++; n > maxSchemeLen {
			return 0
		}
	}
	if k+n == len(s) {
		return 0
	}
	for _, w := range authSchemes {
		if len(w) == n && equalFold(s[k:k+n], w) {
			return n
		}
	}
	return 0
}

// maxSchemeLen is the length of the longest of authSchemes.
var maxSchemeLen = func() (n int) {
	for _, w := range authSchemes {
		n = max(n, len(w))
	}
	return n
}()

// classifyName classifies a name from text, percent-decoding it first when
// it holds escapes (api%5Fkey); of a decoded name only what follows its
// last separator counts (https%3A%2F%2Fh%2Fcb%3Ftoken is "token").
func classifyName[T text](name T) nameKind {
	if indexOf(name, '%') < 0 && indexOf(name, '+') < 0 {
		return classify(name)
	}
	var buf [maxLookBack]byte
	out := buf[:0]
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '+':
			c = ' '
		case c == '%' && i+2 < len(name) && isHex(name[i+1]) && isHex(name[i+2]):
			c = unhex(name[i+1])<<4 | unhex(name[i+2])
			i += 2
		}
		// user%5Bpassword%5D is user[password]: one name, whose brackets
		// classify reads (fieldName).
		if !isAlnum(c) && c != '_' && c != '-' && c != '.' && c != '[' && c != ']' {
			out = out[:0] // a separator: the name starts after it
			continue
		}
		out = append(out, c)
	}
	return classify(out)
}

// encodedParam handles a percent-encoded '=' (%3D) at i: a parameter of a
// URL that is itself a parameter's value. The name runs back over name
// bytes (escapes included); the value ends where the outer value does, or
// at an encoded '&', ';', '#', '?' or space.
func (r *textRedactor[T]) encodedParam(i int) int {
	s := r.s
	k := i
	for k > 0 && i-k < maxLookBack && isNameByte(s[k-1]) {
		k--
	}
	if k == i || cachedKind(r.names, s[k:i], true) == plainName {
		return i + 3
	}
	end := i + 3
	for end < len(s) && !isParamEnd[s[end]] {
		if s[end] == '%' && end+2 < len(s) {
			switch {
			case hasPrefixFold(s[end:], "%26"), hasPrefixFold(s[end:], "%3b"), hasPrefixFold(s[end:], "%23"),
				hasPrefixFold(s[end:], "%3f"), hasPrefixFold(s[end:], "%20"):
				r.replace(i+3, end)
				return end
			}
		}
		end++
	}
	r.replace(i+3, end)
	return end
}

// xmlElement handles the '>' at i: when it ends a start tag named on the
// list (<Password>, <ns1:api_key attr="x">), the element's text is
// redacted up to the next '<' (a CDATA section whole).
func (r *textRedactor[T]) xmlElement(i int) int {
	s := r.s
	lt := i - 1
	for lt >= 0 && i-lt <= maxTag && s[lt] != '<' && s[lt] != '>' {
		lt--
	}
	if lt < 0 || s[lt] != '<' || lt+1 >= i || !isAlnum(s[lt+1]) {
		return i + 1
	}
	nameEnd := lt + 1
	for nameEnd < i && s[nameEnd] != ' ' && s[nameEnd] != '\t' && s[nameEnd] != '\n' && s[nameEnd] != '\r' && s[nameEnd] != '/' {
		nameEnd++
	}
	r.attributes(nameEnd, i)
	if s[i-1] == '/' {
		return i + 1 // <empty/>
	}
	name := s[lt+1 : nameEnd]
	if c := lastIndexOf(name, ':'); c >= 0 {
		name = name[c+1:] // a namespace prefix
	}
	kind := r.classify(name)
	if kind == plainName {
		return i + 1
	}
	start, end := i+1, i+1
	if hasPrefix(s[start:], "<![CDATA[") {
		start += len("<![CDATA[")
		end = start
		for end < len(s) && !hasPrefix(s[end:], "]]>") {
			end++
		}
	} else {
		for end < len(s) && s[end] != '<' {
			end++
		}
	}
	if kind != secretIfStr || !keepCode(s[start:end]) {
		r.replace(start, end)
	}
	return end
}

// classify is classify(name), through surelyPlain unless the walk is
// general (r.names nil).
func (r *textRedactor[T]) classify(name T) nameKind {
	if r.names != nil && surelyPlain(name) {
		return plainName
	}
	return classify(name)
}

// maxTag bounds how far back '>' looks for its tag's '<'.
const maxTag = 1024

// attributes handles the attributes s[from:to] of an HTML or XML tag: when
// its name attribute is on the list, its value or content attribute is
// redacted (<input type="hidden" name="form_key" value="…">,
// <meta name="csrf-token" content="…">).
func (r *textRedactor[T]) attributes(from, to int) {
	ns, ne := attr(r.s, from, to, "name")
	if ns < 0 || r.classify(r.s[ns:ne]) == plainName {
		return
	}
	for _, a := range []string{"value", "content"} {
		if vs, ve := attr(r.s, from, to, a); vs >= r.last {
			r.replace(vs, ve)
			return
		}
	}
}

// attr returns the span of the quoted value of attribute a in s[from:to],
// or -1, -1.
func attr[T text](s T, from, to int, a string) (int, int) {
	for i := from; i+len(a) < to; i++ {
		if s[i-1] != ' ' && s[i-1] != '\t' && s[i-1] != '\n' && s[i-1] != '\r' || !hasPrefixFold(s[i:to], a) {
			continue
		}
		j := i + len(a)
		for j < to && s[j] == ' ' {
			j++
		}
		if j >= to || s[j] != '=' {
			continue
		}
		for j++; j < to && s[j] == ' '; j++ {
		}
		if j >= to || s[j] != '"' && s[j] != '\'' {
			continue
		}
		end := j + 1
		for end < to && s[end] != s[j] {
			end++
		}
		return j + 1, end
	}
	return -1, -1
}

// tokenPrefixes name secrets by their prefix; minTokenTail is how many
// token bytes must follow one.
var tokenPrefixes = []string{"shpat_", "shpss_", "shpca_", "shppa_", "shpua_", "ck_", "cs_", "sk_live_", "sk_test_", "rk_live_", "rk_test_"}

const minTokenTail = 16

// minShopifyTail is minTokenTail for Shopify's shp…_ prefixes, which no
// word has: a token cut short in a message still goes.
const minShopifyTail = 8

// knownToken redacts a token whose prefix names it, starting at i.
func (r *textRedactor[T]) knownToken(i int) int {
	s := r.s
	if i > 0 && (isAlnum(s[i-1]) || s[i-1] == '_') {
		return i + 1
	}
	for _, p := range tokenPrefixes {
		if !hasPrefix(s[i:], p) {
			continue
		}
		end := i + len(p)
		for end < len(s) && (isAlnum(s[end]) || s[end] == '_') {
			end++
		}
		tail := minTokenTail
		if p[:3] == "shp" {
			tail = minShopifyTail
		}
		if end-i-len(p) < tail {
			return i + 1
		}
		r.replace(i, end)
		return end
	}
	return i + 1
}

// closingQuote returns the index of the quote q that closes a string whose
// text starts at i (backslash escapes honoured), or len(s).
func closingQuote[T text](s T, i int, q byte) int {
	for ; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case q:
			return i
		}
	}
	return len(s)
}

// escapedQuote returns the index of the backslash of the \q that closes a
// string quoted as \q…\q, or len(s).
func escapedQuote[T text](s T, i int, q byte) int {
	for ; i+1 < len(s); i++ {
		if s[i] == '\\' {
			if s[i+1] == q {
				return i
			}
			i++
		}
	}
	return len(s)
}

// bracketEnd returns the index after the bracket that closes the one at i
// (brackets counted, quotes not honoured: text need not be well formed),
// or len(s).
func bracketEnd[T text](s T, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(s)
}

// userinfo redacts the password of the authority starting at i
// (user:password@host), or the user when there is no password, and returns
// the authority's end.
func (r *textRedactor[T]) userinfo(i int) int {
	end, at, colon := authority(r.s, i)
	switch {
	case at < 0:
	case colon >= 0 && colon < at:
		r.replace(colon+1, at) // user:password@: the password
	case at > i:
		// user@ alone is a credential too: PrestaShop's webservice key,
		// a token as the user name (https://TOKEN@host).
		r.replace(i, at)
	}
	return end
}

// authority returns the end of the URL authority that starts at i, its
// last '@' and its first ':' before any '@' (-1 when there is none). Four
// bytes a step through a host name's plain bytes.
func authority[T text](s T, i int) (end, at, colon int) {
	end, at, colon = i, -1, -1
	for end < len(s) {
		for end+4 <= len(s) && authorityByte[s[end]]|authorityByte[s[end+1]]|authorityByte[s[end+2]]|authorityByte[s[end+3]] == 0 {
			end += 4
		}
		if end == len(s) {
			break
		}
		switch authorityByte[s[end]] {
		case authorityStop:
			return end, at, colon
		case authorityAt:
			at = end
		case authorityColon:
			if at < 0 && colon < 0 {
				colon = end
			}
		}
		end++
	}
	return end, at, colon
}

// authorityByte says which bytes authority looks at: those of
// authorityEnd, '@' and ':'.
var authorityByte = func() (t [256]uint8) {
	for c, on := range isAuthorityEnd {
		if on {
			t[c] = authorityStop
		}
	}
	t['@'], t[':'] = authorityAt, authorityColon
	return t
}()

const (
	authorityStop = 1 + iota
	authorityAt
	authorityColon
)

// jwt redacts a JSON Web Token starting at i: eyJ….eyJ….sig.
func (r *textRedactor[T]) jwt(i int) int {
	s := r.s
	if i > 0 && isB64URL(s[i-1]) || !hasPrefix(s[i:], "eyJ") {
		return i + 1
	}
	end := i
	for part := 0; part < 3; part++ {
		if part > 0 {
			if end >= len(s) || s[end] != '.' {
				return i + 1
			}
			end++
			if part == 1 && !hasPrefix(s[end:], "eyJ") {
				return i + 1
			}
		}
		for end < len(s) && isB64URL(s[end]) {
			end++
		}
	}
	r.replace(i, end)
	return end
}

// authScheme redacts the credentials after "Bearer " or "Basic " at i (a
// word on its own), unless they are prose ("Basic authentication failed",
// proseWords) or an auth-param (Basic realm="…").
func (r *textRedactor[T]) authScheme(i int) int {
	s := r.s
	if i > 0 && isAlnum(s[i-1]) {
		return i + 1
	}
	var n int
	switch {
	case hasPrefixFold(s[i:], "bearer"):
		n = 6
	case hasPrefixFold(s[i:], "basic"):
		n = 5
	default:
		return i + 1
	}
	k := i + n
	if k >= len(s) || s[k] != ' ' {
		return i + 1
	}
	for k < len(s) && s[k] == ' ' {
		k++
	}
	end := k
	for end < len(s) && isCredByte(s[end]) {
		end++
	}
	core := end
	for core > k && s[core-1] == '=' {
		core--
	}
	if core == k || indexOf(s[k:core], '=') >= 0 || core < end && end < len(s) && s[end] == '"' {
		return k // nothing, or an auth-param: Basic realm="…", realm=x
	}
	if proseWords[strings.ToLower(string(s[k:end]))] {
		return end
	}
	r.replace(k, end)
	return end
}

// proseWords follow "Basic" or "Bearer" in messages, not credentials.
var proseWords = map[string]bool{
	"auth": true, "authentication": true, "authorization": true, "authorisation": true, "token": true,
	"tokens": true, "realm": true, "scheme": true, "access": true, "credentials": true, "credential": true,
	"is": true, "was": true, "are": true, "not": true, "required": true, "header": true, "headers": true,
	"and": true, "or": true, "the": true, "a": true, "an": true, "error": true, "failed": true, "missing": true,
	"invalid": true, "expired": true, "only": true, "for": true, "with": true, "to": true, "of": true,
	"in": true, "plan": true, "mode": true, "http": true, "login": true, "user": true, "password": true,
}

func isNameByte(c byte) bool {
	return isAlnum(c) || c == '_' || c == '-' || c == '.' || c == '%' || c == '+'
}

func isB64URL(c byte) bool { return isAlnum(c) || c == '-' || c == '_' }

// isCredByte: the bytes of an RFC 7235 token68 (Bearer and Basic values).
func isCredByte(c byte) bool {
	return isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '='
}

func isHex(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case isDigit(c):
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func hasPrefix[T text](s T, p string) bool { return len(s) >= len(p) && equal(s[:len(p)], p) }

func hasPrefixFold[T text](s T, p string) bool { return len(s) >= len(p) && equalFold(s[:len(p)], p) }

func equal[T text](s T, p string) bool { return string(s) == p }

func lastIndexOf[T text](s T, c byte) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func indexOf[T text](s T, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
