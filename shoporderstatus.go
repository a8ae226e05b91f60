package sclogs

import (
	"context"
	"fmt"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/decode"
)

// ShopOrderStatus is one order status of a shop, as
// [Client.ListShopOrderStatuses] returns it: its id in the shop, its name in
// the language asked for, when it was deleted (nil while it is available)
// and its names in every language.
type ShopOrderStatus = gen.ShopOrderStatus

// ShopOrderStatusInput is one status sent to [Client.ReplaceShopOrderStatuses]:
// its id in the shop and its names (1 to 7, one per language).
type ShopOrderStatusInput = gen.ShopOrderStatusInput

// ShopOrderStatusTranslationInput is a status's name in one language.
type ShopOrderStatusTranslationInput = gen.ShopOrderStatusTranslationInput

// ShopOrderStatusMappingEntry maps one of Sendcloud's status categories onto
// a shop's status (ExternalID, nil for none); IsValid is false when that
// status has been deleted.
type ShopOrderStatusMappingEntry = gen.ShopOrderStatusMappingEntry

// ShopOrderStatusMappingEntryInput is one entry sent to
// [Client.UpsertShopOrderStatusMapping]: a category and the shop's status
// it maps onto (nil for none).
type ShopOrderStatusMappingEntryInput = gen.ShopOrderStatusMappingEntryInput

// Language is a language of shop order statuses, such as "en-gb".
type Language = gen.Language

// StatusCategory is one of Sendcloud's internal status categories.
type StatusCategory = gen.StatusCategory

// The status categories of the spec.
const (
	StatusReadyToSend StatusCategory = gen.READYTOSEND
	StatusInTransit   StatusCategory = gen.INTRANSIT
	StatusDelivered   StatusCategory = gen.DELIVERED
	StatusCancel      StatusCategory = gen.CANCEL
)

// ListShopOrderStatusesOptions choose what [Client.ListShopOrderStatuses]
// returns. The zero value (or nil): available statuses, named in the
// user's language.
type ListShopOrderStatusesOptions struct {
	// Language names each status in this language, else in en-gb, else in
	// the first language in alphabetical order ("": the default).
	Language Language
	// ShowDeleted includes the statuses that have been deleted.
	ShowDeleted bool
}

// ListShopOrderStatuses returns the order statuses of an integration's shop
// (GET /shop-order-statuses; Sendcloud supports it for PrestaShop v2
// integrations only). opts may be nil. The spec documents a 400, not a 404,
// for an integration it does not know.
func (c *Client) ListShopOrderStatuses(ctx context.Context, integrationID int, opts *ListShopOrderStatusesOptions) (_ []ShopOrderStatus, err error) {
	defer func() { err = leave(err) }()
	if err := checkID(integrationID); err != nil {
		return nil, err
	}
	params := gen.ListShopOrderStatusesParams{IntegrationID: integrationID}
	if opts != nil && opts.Language != "" {
		l := gen.ListShopOrderStatusesParamsLanguage(opts.Language)
		params.Language = &l
	}
	if opts != nil && opts.ShowDeleted {
		params.ShowDeleted = &opts.ShowDeleted
	}
	req, err := gen.NewListShopOrderStatusesRequest(c.server, &params)
	if err != nil {
		return nil, fmt.Errorf("building request: %w", err)
	}
	var body gen.ShopOrderStatusList
	if err := c.doJSON(ctx, req, decodeInto(&body, decode.ShopOrderStatusList)); err != nil {
		return nil, err
	}
	if body.Data == nil {
		return nil, errMissingData
	}
	return *body.Data, nil
}

// ReplaceShopOrderStatuses sets the order statuses of an integration's shop
// (POST /shop-order-statuses): statuses new to Sendcloud are created, known
// ones changed, and the ones left out deleted. nil sends an empty list
// (every status deleted). A POST is retried only where the server cannot
// have acted on it (see [Client.CreateLog]).
func (c *Client) ReplaceShopOrderStatuses(ctx context.Context, integrationID int, statuses []ShopOrderStatusInput) (err error) {
	defer func() { err = leave(err) }()
	if err := checkID(integrationID); err != nil {
		return err
	}
	if statuses == nil {
		statuses = []ShopOrderStatusInput{} // the member is required: [] not null
	}
	req, err := gen.NewReplaceShopOrderStatusesRequest(c.server, gen.ShopOrderStatusesReplace{IntegrationID: integrationID, Statuses: statuses})
	if err != nil {
		return fmt.Errorf("building request: %w", err)
	}
	return c.doNoContent(ctx, req)
}

// GetShopOrderStatusMapping returns how an integration maps Sendcloud's
// status categories onto its shop's statuses
// (GET /shop-order-statuses/mapping): one entry per category.
func (c *Client) GetShopOrderStatusMapping(ctx context.Context, integrationID int) (_ []ShopOrderStatusMappingEntry, err error) {
	defer func() { err = leave(err) }()
	if err := checkID(integrationID); err != nil {
		return nil, err
	}
	req, err := gen.NewGetShopOrderStatusMappingRequest(c.server, &gen.GetShopOrderStatusMappingParams{IntegrationID: integrationID})
	if err != nil {
		return nil, fmt.Errorf("building request: %w", err)
	}
	var body gen.ShopOrderStatusMapping
	if err := c.doJSON(ctx, req, decodeInto(&body, decode.ShopOrderStatusMapping)); err != nil {
		return nil, err
	}
	if body.Data == nil || body.Data.Mapping == nil {
		return nil, errMissingData
	}
	return *body.Data.Mapping, nil
}

// UpsertShopOrderStatusMapping sets how an integration maps Sendcloud's
// status categories onto its shop's statuses
// (POST /shop-order-statuses/mapping): the spec asks for one entry for each
// of the four categories. A POST is retried only where the server cannot
// have acted on it (see [Client.CreateLog]).
func (c *Client) UpsertShopOrderStatusMapping(ctx context.Context, integrationID int, mapping []ShopOrderStatusMappingEntryInput) (err error) {
	defer func() { err = leave(err) }()
	if err := checkID(integrationID); err != nil {
		return err
	}
	if mapping == nil {
		mapping = []ShopOrderStatusMappingEntryInput{} // required: [] not null
	}
	req, err := gen.NewUpsertShopOrderStatusMappingRequest(c.server, gen.ShopOrderStatusMappingUpsert{IntegrationID: integrationID, Mapping: mapping})
	if err != nil {
		return fmt.Errorf("building request: %w", err)
	}
	return c.doNoContent(ctx, req)
}
