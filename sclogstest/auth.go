package sclogstest

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// authenticate checks HTTP Basic API keys or a bearer token from the token
// endpoint; detail says why not, as Sendcloud (Django REST framework) does.
func (s *Server) authenticate(r *http.Request) (ok bool, detail string) {
	scheme, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	switch strings.ToLower(scheme) {
	case "basic":
		user, pass, ok := r.BasicAuth()
		if ok && same(user, s.cfg.publicKey) && same(pass, s.cfg.secretKey) {
			return true, ""
		}
		return false, "Invalid username/password."
	case "bearer":
		s.mu.Lock()
		exp, known := s.tokens[strings.TrimSpace(cred)]
		s.mu.Unlock()
		switch {
		case !known:
			return false, "Invalid token."
		case !s.cfg.now().Before(exp):
			return false, "Token has expired."
		}
		return true, ""
	}
	return false, "Authentication credentials were not provided."
}

func same(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// TokensIssued returns how many access tokens the token endpoint has issued,
// so a test can check that a client caches its token.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}

// serveToken is the OAuth2 client-credentials token endpoint (RFC 6749 §4.4):
// client id and secret in HTTP Basic or in the form.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, oauthError("invalid_request", "The token endpoint takes POST."))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, oauthError("invalid_request", "The form could not be read."))
		return
	}
	id, secret, inHeader := r.BasicAuth()
	if inHeader { // RFC 6749 §2.3.1: form-encoded before Basic encoding
		id, secret = unescape(id), unescape(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if !same(id, s.cfg.clientID) || !same(secret, s.cfg.clientSecret) {
		if inHeader {
			w.Header().Set("WWW-Authenticate", `Basic realm="oauth2"`)
		}
		writeJSON(w, http.StatusUnauthorized, oauthError("invalid_client", "Client authentication failed."))
		return
	}
	if gt := r.PostForm.Get("grant_type"); gt != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, oauthError("unsupported_grant_type", "Only client_credentials is supported."))
		return
	}
	var raw [20]byte
	_, _ = rand.Read(raw[:]) // crypto/rand.Read never fails (Go 1.24+)
	token := "sclogstest_" + hex.EncodeToString(raw[:])
	s.mu.Lock()
	s.issueToken(token, s.cfg.now())
	s.mu.Unlock()
	body, _ := encode(obj{ // strings and an int: cannot fail
		{"access_token", token},
		{"token_type", "Bearer"},
		{"expires_in", max(1, int(math.Ceil(s.cfg.tokenTTL.Seconds())))},
		{"scope", "api"},
	})
	writeJSON(w, http.StatusOK, body)
}

func unescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

func oauthError(code, description string) []byte {
	b, _ := encode(obj{{"error", code}, {"error_description", description}}) // strings: cannot fail
	return b
}

// MaxTokens is how many access tokens the token endpoint keeps valid at
// once, so that a fake left running stays small however many tokens are
// requested: issuing one more forgets the oldest, and a client still using
// it gets 401 "Invalid token." and fetches a new one, as after expiry.
const MaxTokens = 1000

// issuedToken is a token of the map, in the order issued.
type issuedToken struct {
	token  string
	expiry time.Time
}

// issueToken adds token, valid from now for the token TTL, and forgets the
// expired tokens and those over MaxTokens, oldest first: constant work per
// token. Tokens expire in the order issued unless the injected clock goes
// back; one that does not is forgotten when its turn comes. s.mu is held.
func (s *Server) issueToken(token string, now time.Time) {
	for len(s.tokenQ) > 0 && (len(s.tokenQ) >= MaxTokens || !now.Before(s.tokenQ[0].expiry)) {
		delete(s.tokens, s.tokenQ[0].token)
		s.tokenQ[0] = issuedToken{}
		s.tokenQ = s.tokenQ[1:] // append copies the live part when it grows, freeing the rest
	}
	exp := now.Add(s.cfg.tokenTTL)
	s.tokens[token] = exp
	s.tokenQ = append(s.tokenQ, issuedToken{token, exp})
	s.issued++
}
