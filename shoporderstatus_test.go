package sclogs

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

func strp(s string) *string { return &s }

// The four shop-order-status methods against sclogstest: list (language,
// deleted), replace, the mapping and its upsert, and the errors.
func TestShopOrderStatuses(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c, _ := fakeClient(t, srv, basic())
	ctx := context.Background()
	list, err := c.ListShopOrderStatuses(ctx, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].GetExternalID() != "17-B" || list[0].GetStatus() != "Delivered" || list[0].DeletedAt != nil {
		t.Errorf("statuses %+v, want the fake's 17-B Delivered", list)
	}
	list, err = c.ListShopOrderStatuses(ctx, 1, &ListShopOrderStatusesOptions{Language: "nl-nl", ShowDeleted: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].GetStatus() != "Verzonden" || list[1].DeletedAt == nil || list[1].DeletedAt.Year() != 2023 {
		t.Errorf("statuses in nl-nl with deleted: %+v", list)
	}
	if q := srv.Requests()[len(srv.Requests())-1].URL.Query(); q.Get("integration_id") != "1" || q.Get("language") != "nl-nl" || q.Get("show_deleted") != "true" {
		t.Errorf("query sent %v", q)
	}

	err = c.ReplaceShopOrderStatuses(ctx, 1, []ShopOrderStatusInput{
		{ExternalID: "Send-4", Translations: []ShopOrderStatusTranslationInput{{Status: "Sent", Language: "en-gb"}, {Status: "Verzonden", Language: "nl-nl"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	list, err = c.ListShopOrderStatuses(ctx, 1, nil)
	if err != nil || len(list) != 1 || list[0].GetExternalID() != "Send-4" || list[0].GetStatus() != "Sent" {
		t.Errorf("after replace: %+v, %v", list, err)
	}

	mapping := []ShopOrderStatusMappingEntryInput{
		{StatusCategory: StatusReadyToSend, ExternalID: strp("Send-4")}, {StatusCategory: StatusInTransit},
		{StatusCategory: StatusDelivered, ExternalID: strp("17-B")}, {StatusCategory: StatusCancel},
	}
	if err := c.UpsertShopOrderStatusMapping(ctx, 1, mapping); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetShopOrderStatusMapping(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		cat   StatusCategory
		ext   string
		valid bool
	}{{StatusReadyToSend, "Send-4", true}, {StatusInTransit, "", true}, {StatusDelivered, "17-B", false}, {StatusCancel, "", true}}
	if len(got) != 4 {
		t.Fatalf("mapping %+v: want 4 entries", got)
	}
	for i, w := range want {
		if got[i].GetStatusCategory() != w.cat || got[i].GetExternalID() != w.ext || got[i].GetIsValid() != w.valid {
			t.Errorf("mapping %d: %s→%q valid %v, want %s→%q valid %v", i, got[i].GetStatusCategory(), got[i].GetExternalID(), got[i].GetIsValid(), w.cat, w.ext, w.valid)
		}
	}

	// nil sends an empty list, not null: every status deleted.
	if err := c.ReplaceShopOrderStatuses(ctx, 1, nil); err != nil {
		t.Fatalf("replace with nil: %v", err)
	}
	if list, err := c.ListShopOrderStatuses(ctx, 1, nil); err != nil || len(list) != 0 {
		t.Errorf("after replacing with none: %+v, %v", list, err)
	}

	// Errors: the spec's 400 for an unknown integration or a bad body, 401,
	// and ids below 1 refused before any request.
	var apiErr *APIError
	if _, err := c.ListShopOrderStatuses(ctx, 999, nil); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown integration: %v, want an *APIError 400", err)
	}
	if err := c.UpsertShopOrderStatusMapping(ctx, 1, mapping[:3]); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
		t.Errorf("three entries: %v, want an *APIError 400", err)
	}
	before := len(srv.Requests())
	for _, err := range []error{
		func() error { _, err := c.ListShopOrderStatuses(ctx, 0, nil); return err }(),
		c.ReplaceShopOrderStatuses(ctx, -1, nil),
		func() error { _, err := c.GetShopOrderStatusMapping(ctx, 0); return err }(),
		c.UpsertShopOrderStatusMapping(ctx, 0, mapping),
	} {
		if err == nil {
			t.Error("an id below 1 accepted")
		}
	}
	if len(srv.Requests()) != before {
		t.Error("a request was sent for an id below 1")
	}
	bad, _ := fakeClient(t, srv, wrongKey())
	if _, err := bad.GetShopOrderStatusMapping(ctx, 1); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("wrong key: %v, want ErrUnauthorized", err)
	}
}
