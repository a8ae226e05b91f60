package sclogstest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/sclogs/sclogs/gen"
)

// apiPrefix is the path of the API's base URL, as at panel.sendcloud.sc.
const apiPrefix = "/api/v3"

// tokenPath is where the OAuth2 token endpoint answers.
const tokenPath = "/oauth2/token/"

// Server is a running fake of the Sendcloud integration logs API. All its
// methods are safe for concurrent use.
type Server struct {
	cfg     config
	ts      *httptest.Server
	origin  string // scheme://host:port
	closing chan struct{}
	once    sync.Once
	liveWG  sync.WaitGroup // the WithLiveLogs goroutine

	dataMu  sync.RWMutex // guards integrations, nextID and created
	integr  map[int]*integration
	nextID  int
	created createdLogs // logs created through the API, oldest first

	mu        sync.Mutex    // guards everything below
	seq       int           // requests received, for X-Request-Id
	requests  []heldRequest // the history, oldest first (see record)
	heldBytes int64         // the size of the history's requests
	faults    []Fault
	tokens    map[string]time.Time // access token → expiry
	tokenQ    []issuedToken        // the tokens of the map, oldest first
	issued    int

	limiter *limiter // WithRateLimit; nil: none
}

// MaxHeaderBytes bounds the request line and headers the fake reads (a
// larger request is answered 431), and so what each request in the bounded
// history holds: net/http's default of 1 MiB would let a full history of
// DefaultHistory requests hold a gigabyte.
const MaxHeaderBytes = 64 << 10

// NewServer starts a server on a free loopback port (or the [WithAddr]
// address) and returns it; call [Server.Close] when done. Like
// httptest.NewServer it panics when it cannot start (a bad option, an address
// in use); use [Start] to get an error instead.
func NewServer(opts ...Option) *Server {
	s, err := Start(opts...)
	if err != nil {
		panic(err.Error())
	}
	return s
}

// Start is [NewServer] returning an error instead of panicking, for
// programs such as `sclogs serve-fake`.
func Start(opts ...Option) (*Server, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	l, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return nil, fmt.Errorf("sclogstest: listen: %w", err)
	}
	s := &Server{
		cfg:     cfg,
		closing: make(chan struct{}),
		integr:  map[int]*integration{},
		tokens:  map[string]time.Time{},
		nextID:  1,
		limiter: newLimiter(cfg.rateN, cfg.ratePer, time.Now),
	}
	if cfg.seedData {
		for _, id := range seededIDs(cfg.integrations) {
			sd := newSeeded(cfg.seed, id, cfg.perIntegr, cfg.integrations)
			s.integr[id] = &integration{seeded: sd, meta: seededMeta(cfg.seed, id, sd)}
		}
		s.nextID = cfg.perIntegr*cfg.integrations + 1
	}
	s.origin = "http://" + dialAddr(l.Addr())
	s.ts = &httptest.Server{
		Listener: l,
		// IdleTimeout ends idle keep-alive connections, so a fake left
		// running does not collect them. No ReadTimeout: its deadline
		// also cancels a request waiting out WithLatency; serveHTTP sets
		// one for the body instead.
		Config: &http.Server{Handler: http.HandlerFunc(s.serveHTTP), ReadHeaderTimeout: cfg.readTimeout,
			IdleTimeout: 2 * time.Minute, MaxHeaderBytes: MaxHeaderBytes},
	}
	s.ts.Start()
	s.startLive()
	return s, nil
}

// dialAddr is the address clients should use: a wildcard listen address
// (":8080") is reached through loopback.
func dialAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	host := tcp.IP.String()
	if tcp.IP == nil || tcp.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, strconv.Itoa(tcp.Port))
}

// URL returns the API's base URL, like https://panel.sendcloud.sc/api/v3:
// "http://127.0.0.1:PORT/api/v3", without a trailing slash.
func (s *Server) URL() string { return s.origin + apiPrefix }

// TokenURL returns the OAuth2 client-credentials token endpoint.
func (s *Server) TokenURL() string { return s.origin + tokenPath }

// PublicKey returns the public API key accepted as the Basic user name.
func (s *Server) PublicKey() string { return s.cfg.publicKey }

// SecretKey returns the secret API key accepted as the Basic password.
func (s *Server) SecretKey() string { return s.cfg.secretKey }

// ClientID returns the OAuth2 client id the token endpoint accepts.
func (s *Server) ClientID() string { return s.cfg.clientID }

// ClientSecret returns the OAuth2 client secret the token endpoint accepts.
func (s *Server) ClientSecret() string { return s.cfg.clientSecret }

// Close stops the server and waits for the requests in flight, cutting
// latency short. It may be called more than once.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closing)
		s.ts.Close()
		s.liveWG.Wait()
	})
}

// Integrations returns the ids of the integrations the server knows, in
// increasing order.
func (s *Server) Integrations() []int {
	s.dataMu.RLock()
	defer s.dataMu.RUnlock()
	ids := make([]int, 0, len(s.integr))
	for id := range s.integr {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// AddLogs adds logs to an integration, creating the integration if it is
// unknown (with no logs given, an empty one). A created integration is a shop
// named after its id, of type "api", never fetched: it is failing since its
// oldest log, if it has any. A nil ID gets the next free id,
// a nil IntegrationID gets integrationID, a nil CreatedAt a time one second
// newer than the integration's newest log; other fields are served as given,
// absent fields left out. Logs are served newest first by CreatedAt.
//
// Like httptest, it panics on a programming error: a log whose jsonvalue
// fields hold bytes that are not JSON.
func (s *Server) AddLogs(integrationID int, logs ...gen.IntegrationLog) {
	s.dataMu.Lock()
	defer s.dataMu.Unlock()
	in := s.integr[integrationID]
	if in == nil {
		in = &integration{meta: addedMeta(integrationID)}
		s.integr[integrationID] = in
	}
	for i, l := range logs {
		if l.ID == nil {
			id := s.nextID
			s.nextID++
			l.ID = &id
		}
		if l.IntegrationID == nil {
			l.IntegrationID = &integrationID
		}
		if l.CreatedAt == nil {
			t, ok := in.newest()
			if !ok {
				t = newestBase
			}
			t = t.Add(time.Second).Truncate(time.Second).In(zoneCET)
			l.CreatedAt = &t
		}
		raw, err := encode(l)
		if err != nil {
			panic(fmt.Sprintf("sclogstest: AddLogs: log %d does not marshal: %v", i, err))
		}
		in.add(entry{at: *l.CreatedAt, cursor: l.CreatedAt.Format(time.RFC3339Nano), id: *l.ID, raw: raw})
	}
}

// serveHTTP routes every request, after recording it. Credentials are
// checked before the body is read: a request to the API that they do not
// open is answered without reading its body. What is read is read under a
// deadline (WithReadTimeout), lifted once the body is in, so that it does
// not cut short a WithLatency wait.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(s.cfg.readTimeout))
	token := r.URL.Path == tokenPath
	if ok, _ := s.authenticate(r); !ok && !token { // the token endpoint reads its credentials from the body
		s.record(r, nil, r.ContentLength != 0)
		if r.ContentLength != 0 {
			// Its body is not waited for: net/http discards what arrives
			// of it, under the deadline, and closes the connection.
			w.Header().Set("Connection", "close")
		} else {
			_ = rc.SetReadDeadline(time.Time{})
		}
		s.serve(w, r, token, r.ContentLength != 0)
		return
	}
	// net/http looks at its own body type after the handler, to close a
	// connection with a body left unread gracefully: give it back.
	defer func(b io.ReadCloser) { r.Body = b }(r.Body)
	body, whole, err := s.readBody(r)
	s.record(r, body, !whole)
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		w.Header().Set("Connection", "close")
		writeError(w, http.StatusRequestTimeout, "The request body did not arrive in time.", "")
		return
	case err != nil:
		w.Header().Set("Connection", "close")
		writeError(w, http.StatusBadRequest, "The request body could not be read.", "")
		return
	case !whole:
		// The rest of the body is not waited for beyond the deadline: the
		// handler refuses it (413, or a body where none belongs).
		w.Header().Set("Connection", "close")
	default:
		_ = rc.SetReadDeadline(time.Time{})
	}
	s.serve(w, r, token, r.ContentLength != 0 || len(body) > 0)
}

// readBody reads r's body as far as the fake may use it: a POST or PATCH
// body up to MaxRequestBody and one byte (to tell a larger one), another
// only as far as the history keeps it. The handlers read the same bytes,
// then the rest. whole reports that the body was read to its end.
func (s *Server) readBody(r *http.Request) (body []byte, whole bool, err error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, true, nil
	}
	limit := int64(s.cfg.history.body) + 1
	if r.Method == http.MethodPost || r.Method == http.MethodPatch {
		limit = max(limit, MaxRequestBody+1)
	}
	body, err = io.ReadAll(io.LimitReader(r.Body, limit))
	whole = int64(len(body)) < limit
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
	return body, whole, err
}

// serve answers a recorded request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, token, hasBody bool) {
	s.mu.Lock()
	s.seq++
	w.Header().Set("X-Request-Id", fmt.Sprintf("00000000-0000-4000-8000-%012d", s.seq))
	s.mu.Unlock()
	if !s.wait(r.Context(), s.cfg.latency) {
		abort(w) // not an empty 200: the client left or the server is closing
		return
	}
	if token {
		s.serveToken(w, r)
		return
	}
	s.serveAPI(w, r, hasBody)
}

// wait sleeps for d unless the client leaves or the server closes first;
// it reports whether to go on.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-s.closing:
	}
	return false
}
