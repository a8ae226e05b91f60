package sclogstest

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The shop order statuses of an integration and their mapping onto
// Sendcloud's status categories (GET/POST /shop-order-statuses and
// /shop-order-statuses/mapping). Sendcloud offers them for PrestaShop v2
// integrations only; the fake offers them for every integration, so that
// every operation of the spec can be tried against any of them. Every
// integration starts with the spec's example: "17-B" Delivered, "14-A"
// Cancelled (deleted), and a mapping of DELIVERED to 17-B and CANCEL to the
// deleted 14-A (so not valid).

// shopLanguages are the languages of the spec's enum.
var shopLanguages = []string{"en-us", "en-gb", "fr-fr", "de-de", "nl-nl", "es-es", "it-it"}

// statusCategories are Sendcloud's status categories, in the spec's order.
var statusCategories = []string{"READY_TO_SEND", "IN_TRANSIT", "DELIVERED", "CANCEL"}

// maxDeletedStatuses bounds the deleted statuses an integration keeps for
// show_deleted, so a fake left running does not grow with every POST.
const maxDeletedStatuses = 1000

// shopStatus is one shop order status.
type shopStatus struct {
	externalID   string
	translations []translation
	deletedAt    *time.Time
}

// translation is a status's name in one language.
type translation struct {
	status, language string
}

// shopStatuses is an integration's statuses (in the order posted, deleted
// ones after) and its mapping (by category, nil for null).
type shopStatuses struct {
	statuses []shopStatus
	mapping  [4]*string
}

func exampleShopStatuses() *shopStatuses {
	deleted := time.Date(2023, 11, 4, 14, 15, 22, 0, time.UTC)
	delivered, cancel := "17-B", "14-A"
	return &shopStatuses{
		statuses: []shopStatus{
			{externalID: "17-B", translations: []translation{{"Delivered", "en-gb"}, {"Verzonden", "nl-nl"}, {"Geliefert", "de-de"}}},
			{externalID: "14-A", translations: []translation{{"Cancelled", "en-gb"}, {"Geannuleerd", "nl-nl"}, {"Abgesagt", "de-de"}}, deletedAt: &deleted},
		},
		mapping: [4]*string{nil, nil, &delivered, &cancel},
	}
}

// shopStatusesOf returns the statuses of integration in, creating the
// example ones on first use. The caller holds dataMu for writing.
func shopStatusesOf(in *integration) *shopStatuses {
	if in.shop == nil {
		in.shop = exampleShopStatuses()
	}
	return in.shop
}

// name is the status in language, else in en-gb, else in the first
// language in alphabetical order, as the spec describes.
func (st *shopStatus) name(language string) string {
	for _, want := range []string{language, "en-gb"} {
		for _, t := range st.translations {
			if want != "" && t.language == want {
				return t.status
			}
		}
	}
	first := slices.MinFunc(st.translations, func(a, b translation) int {
		switch {
		case a.language < b.language:
			return -1
		case a.language > b.language:
			return 1
		}
		return 0
	})
	return first.status
}

// valid reports whether a mapping to externalID is valid: null, or a
// status that is not deleted.
func (s *shopStatuses) valid(externalID *string) bool {
	if externalID == nil {
		return true
	}
	for _, st := range s.statuses {
		if st.externalID == *externalID {
			return st.deletedAt == nil
		}
	}
	return false
}

// shopIntegration reads the required integration_id query parameter and
// finds the integration; the spec documents only 400 for these operations,
// so a missing, malformed or unknown id is a 400.
func (s *Server) shopIntegration(q url.Values) (int, *answer) {
	v, ok := q["integration_id"]
	if !ok || v[0] == "" {
		a := errorAnswer(http.StatusBadRequest, "Integration ID is a required GET parameter", "integration_id")
		return 0, &a
	}
	id, err := strconv.Atoi(v[0])
	var ne *strconv.NumError
	if err != nil && !(errors.As(err, &ne) && ne.Err == strconv.ErrRange) {
		a := errorAnswer(http.StatusBadRequest, "integration_id must be an integer.", "integration_id")
		return 0, &a
	}
	return s.knownIntegration(id, err == nil, "integration_id")
}

// knownIntegration is id when an integration has it (ok false: an integer
// beyond int), else the 400 these operations give.
func (s *Server) knownIntegration(id int, ok bool, param string) (int, *answer) {
	s.dataMu.RLock()
	known := ok && s.integr[id] != nil
	s.dataMu.RUnlock()
	if !known {
		a := errorAnswer(http.StatusBadRequest, "The Integration could not be found with the search criteria given", param)
		return 0, &a
	}
	return id, nil
}

// listShopStatuses answers GET /shop-order-statuses.
func (s *Server) listShopStatuses(r *http.Request, _ string) answer {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return errorAnswer(http.StatusBadRequest, "The query string is malformed.", "")
	}
	id, bad := s.shopIntegration(q)
	if bad != nil {
		return *bad
	}
	language := ""
	if v, ok := q["language"]; ok {
		if !slices.Contains(shopLanguages, v[0]) {
			return errorAnswer(http.StatusBadRequest, "language must be one of en-us, en-gb, fr-fr, de-de, nl-nl, es-es, it-it.", "language")
		}
		language = v[0]
	}
	showDeleted := false
	if v, ok := q["show_deleted"]; ok {
		switch v[0] {
		case "true":
			showDeleted = true
		case "false":
		default:
			return errorAnswer(http.StatusBadRequest, "show_deleted must be true or false.", "show_deleted")
		}
	}
	s.dataMu.Lock()
	defer s.dataMu.Unlock()
	in := s.integr[id]
	if in == nil { // deleted since
		return errorAnswer(http.StatusBadRequest, "The Integration could not be found with the search criteria given", "integration_id")
	}
	data := []any{}
	for _, st := range shopStatusesOf(in).statuses {
		if st.deletedAt != nil && !showDeleted {
			continue
		}
		var deleted any
		if st.deletedAt != nil {
			deleted = st.deletedAt.UTC().Format(time.RFC3339Nano)
		}
		trs := make([]any, len(st.translations))
		for i, t := range st.translations {
			trs[i] = obj{{"status", t.status}, {"language", t.language}}
		}
		data = append(data, obj{{"external_id", st.externalID}, {"status", st.name(language)}, {"deleted_at", deleted}, {"translations", trs}})
	}
	return answer{status: http.StatusOK, header: http.Header{}, body: appendJSON(nil, obj{{"data", data}})}
}

// getShopMapping answers GET /shop-order-statuses/mapping.
func (s *Server) getShopMapping(r *http.Request, _ string) answer {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return errorAnswer(http.StatusBadRequest, "The query string is malformed.", "")
	}
	id, bad := s.shopIntegration(q)
	if bad != nil {
		return *bad
	}
	s.dataMu.Lock()
	defer s.dataMu.Unlock()
	in := s.integr[id]
	if in == nil {
		return errorAnswer(http.StatusBadRequest, "The Integration could not be found with the search criteria given", "integration_id")
	}
	shop := shopStatusesOf(in)
	mapping := make([]any, len(statusCategories))
	for i, c := range statusCategories {
		var ext any
		if e := shop.mapping[i]; e != nil {
			ext = *e
		}
		mapping[i] = obj{{"status_category", c}, {"external_id", ext}, {"is_valid", shop.valid(shop.mapping[i])}}
	}
	return answer{status: http.StatusOK, header: http.Header{}, body: appendJSON(nil, obj{{"data", obj{{"integration_id", id}, {"mapping", mapping}}}})}
}

// nullAnswer is the 200 with a JSON null these POSTs give.
func nullAnswer() answer {
	return answer{status: http.StatusOK, header: http.Header{}, body: []byte("null")}
}

// shopBody reads a POST body of these operations: a JSON object with an
// integer integration_id of a known integration and an array member list.
func (s *Server) shopBody(r *http.Request, list string) (int, []json.RawMessage, *answer) {
	m, bad := readObject(r)
	if bad != nil {
		return 0, nil, bad
	}
	raw, bad := member(m, "integration_id", "number")
	if bad != nil {
		return 0, nil, bad
	}
	if raw == nil {
		a := bodyError("required", "integration_id is required.", "integration_id")
		return 0, nil, &a
	}
	n, ok := jsonInteger(string(raw))
	if !ok && !isWholeNumber(string(raw)) {
		a := bodyError("invalid", "integration_id must be an integer.", "integration_id")
		return 0, nil, &a
	}
	id, bad := s.knownIntegration(int(n), ok && int64(int(n)) == n, "")
	if bad != nil {
		a := bodyError("invalid", "The Integration could not be found with the search criteria given", "integration_id")
		return 0, nil, &a
	}
	arr, bad := member(m, list, "array")
	if bad != nil {
		return 0, nil, bad
	}
	if arr == nil {
		a := bodyError("required", list+" is required.", list)
		return 0, nil, &a
	}
	var items []json.RawMessage
	if err := json.Unmarshal(arr, &items); err != nil {
		a := bodyError("invalid", list+" must be an array.", list)
		return 0, nil, &a
	}
	if i, j, dup := duplicateItems(items); dup {
		a := bodyError("invalid", list+" items must be unique: items "+strconv.Itoa(i)+" and "+strconv.Itoa(j)+" are equal.", list)
		return 0, nil, &a
	}
	return id, items, nil
}

// isWholeNumber reports whether a JSON number is whole, however large (an
// integer beyond int64 is still an integer: of an unknown integration).
func isWholeNumber(num string) bool {
	if _, ok := jsonInteger(num); ok {
		return true
	}
	if _, exp, _ := strings.Cut(strings.ToLower(num), "e"); exp != "" {
		e, err := strconv.Atoi(exp)
		if err != nil || e > 400 || e < -400 {
			return err == nil && e > 0 // 1.5e999 is whole, 1e-999 a fraction (zero was whole above)
		}
	}
	r, good := new(big.Rat).SetString(num)
	return good && r.IsInt()
}

// duplicateItems finds two items equal as JSON values (uniqueItems):
// compared after decoding, so member order and spacing do not matter.
func duplicateItems(items []json.RawMessage) (int, int, bool) {
	canon := make([][]byte, len(items))
	for i, it := range items {
		var v any
		dec := json.NewDecoder(bytes.NewReader(it))
		dec.UseNumber()
		if dec.Decode(&v) != nil {
			continue
		}
		canon[i], _ = json.Marshal(v) // maps marshal with sorted keys
	}
	for i := range canon {
		for j := i + 1; j < len(canon); j++ {
			if canon[i] != nil && bytes.Equal(canon[i], canon[j]) {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}

// itemObject reads items[i] as an object, for the member named path.
func itemObject(raw json.RawMessage, path string) (map[string]json.RawMessage, *answer) {
	var m map[string]json.RawMessage
	if jsonKind(raw) != "object" || json.Unmarshal(raw, &m) != nil {
		a := bodyError("invalid", path+" must be an object.", path)
		return nil, &a
	}
	return m, nil
}

// required is member, with the member required.
func required(m map[string]json.RawMessage, name, path string, kinds ...string) (json.RawMessage, *answer) {
	v, bad := member(m, name, kinds...)
	if bad != nil {
		a := bodyError("invalid", path+"/"+name+" must be "+joinKinds(kinds)+".", path+"/"+name)
		return nil, &a
	}
	if v == nil {
		a := bodyError("required", path+"/"+name+" is required.", path+"/"+name)
		return nil, &a
	}
	return v, nil
}

// replaceShopStatuses answers POST /shop-order-statuses: the statuses
// posted replace the integration's (new ones created, others changed, the
// ones left out deleted).
func (s *Server) replaceShopStatuses(r *http.Request, _ string) answer {
	id, items, bad := s.shopBody(r, "statuses")
	if bad != nil {
		return *bad
	}
	posted := make([]shopStatus, 0, len(items))
	for i, raw := range items {
		path := "statuses/" + strconv.Itoa(i)
		m, bad := itemObject(raw, path)
		if bad != nil {
			return *bad
		}
		ext, bad := required(m, "external_id", path, "string")
		if bad != nil {
			return *bad
		}
		trRaw, bad := required(m, "translations", path, "array")
		if bad != nil {
			return *bad
		}
		var trs []json.RawMessage
		_ = json.Unmarshal(trRaw, &trs)
		if len(trs) < 1 || len(trs) > len(shopLanguages) {
			return bodyError("invalid", path+"/translations must have 1 to 7 items.", path+"/translations")
		}
		if _, _, dup := duplicateItems(trs); dup {
			return bodyError("invalid", path+"/translations items must be unique.", path+"/translations")
		}
		st := shopStatus{externalID: str(ext)}
		for j, tr := range trs {
			tpath := path + "/translations/" + strconv.Itoa(j)
			tm, bad := itemObject(tr, tpath)
			if bad != nil {
				return *bad
			}
			status, bad := required(tm, "status", tpath, "string")
			if bad != nil {
				return *bad
			}
			lang, bad := required(tm, "language", tpath, "string")
			if bad != nil {
				return *bad
			}
			if !slices.Contains(shopLanguages, str(lang)) {
				return bodyError("invalid", tpath+"/language must be one of en-us, en-gb, fr-fr, de-de, nl-nl, es-es, it-it.", tpath+"/language")
			}
			st.translations = append(st.translations, translation{str(status), str(lang)})
		}
		if slices.ContainsFunc(posted, func(p shopStatus) bool { return p.externalID == st.externalID }) {
			return bodyError("invalid", path+"/external_id "+strconv.Quote(st.externalID)+" is given twice.", path+"/external_id")
		}
		posted = append(posted, st)
	}
	s.dataMu.Lock()
	defer s.dataMu.Unlock()
	in := s.integr[id]
	if in == nil {
		return bodyError("invalid", "The Integration could not be found with the search criteria given", "integration_id")
	}
	shop := shopStatusesOf(in)
	now := s.cfg.now().UTC().Truncate(time.Microsecond)
	var deleted []shopStatus
	for _, old := range shop.statuses {
		if slices.ContainsFunc(posted, func(p shopStatus) bool { return p.externalID == old.externalID }) {
			continue
		}
		if old.deletedAt == nil {
			old.deletedAt = &now
		}
		deleted = append(deleted, old)
	}
	if n := len(deleted); n > maxDeletedStatuses {
		deleted = deleted[n-maxDeletedStatuses:] // the ones deleted longest ago go
	}
	shop.statuses = append(posted, deleted...)
	return nullAnswer()
}

// upsertShopMapping answers POST /shop-order-statuses/mapping: four items,
// one for each status category.
func (s *Server) upsertShopMapping(r *http.Request, _ string) answer {
	id, items, bad := s.shopBody(r, "mapping")
	if bad != nil {
		return *bad
	}
	if len(items) != len(statusCategories) {
		return bodyError("invalid", "mapping must have 4 items, one for each status category.", "mapping")
	}
	var next [4]*string
	var seen [4]bool
	for i, raw := range items {
		path := "mapping/" + strconv.Itoa(i)
		m, bad := itemObject(raw, path)
		if bad != nil {
			return *bad
		}
		cat, bad := required(m, "status_category", path, "string")
		if bad != nil {
			return *bad
		}
		c := slices.Index(statusCategories, str(cat))
		if c < 0 {
			return bodyError("invalid", path+"/status_category must be one of READY_TO_SEND, IN_TRANSIT, DELIVERED, CANCEL.", path+"/status_category")
		}
		if seen[c] {
			return bodyError("invalid", path+"/status_category "+statusCategories[c]+" is given twice.", path+"/status_category")
		}
		seen[c] = true
		ext, bad := required(m, "external_id", path, "string", "null")
		if bad != nil {
			return *bad
		}
		next[c] = optStr(ext)
	}
	s.dataMu.Lock()
	defer s.dataMu.Unlock()
	in := s.integr[id]
	if in == nil {
		return bodyError("invalid", "The Integration could not be found with the search criteria given", "integration_id")
	}
	shopStatusesOf(in).mapping = next
	return nullAnswer()
}
