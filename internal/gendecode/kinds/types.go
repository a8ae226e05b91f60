// Package kinds holds types shaped like oapi-codegen's output, with every
// kind of field gendecode meets; package kindsdecode holds the decoders it
// generates for them, and its test holds those decoders to encoding/json's
// behaviour (gendecode's test checks that the generated file is what
// gendecode makes today).
package kinds

import (
	"encoding/json"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"
	"github.com/sclogs/sclogs/jsonvalue"
)

//go:generate go run .. -dir . -out kindsdecode/decode.gen.go -roots Root

// Status is a string enum, as oapi-codegen makes them.
type Status string

// Status values.
const (
	StatusOn  Status = "on"
	StatusOff Status = "off"
)

// Level is an integer enum.
type Level int

// Root has one field of each kind.
type Root struct {
	Str      string                 `json:"str"`
	StrPtr   *string                `json:"str_ptr,omitempty"`
	Enum     Status                 `json:"enum"`
	EnumPtr  *Status                `json:"enum_ptr,omitempty"`
	Lvl      Level                  `json:"lvl"`
	Bool     bool                   `json:"bool"`
	Int64    int64                  `json:"int64"`
	Int8Ptr  *int8                  `json:"int8_ptr,omitempty"`
	Uint16   uint16                 `json:"uint16"`
	F32      float32                `json:"f32"`
	F64Ptr   *float64               `json:"f64_ptr,omitempty"`
	When     time.Time              `json:"when"`
	WhenPtr  *time.Time             `json:"when_ptr,omitempty"`
	Day      *openapi_types.Date    `json:"day,omitempty"`
	UUID     openapi_types.UUID     `json:"uuid"`
	Raw      jsonvalue.Value        `json:"raw,omitempty"`
	RawPtr   *jsonvalue.Value       `json:"raw_ptr,omitempty"`
	Msg      json.RawMessage        `json:"msg,omitempty"`
	Strs     []string               `json:"strs"`
	StrsPtr  *[]string              `json:"strs_ptr,omitempty"`
	Grid     [][]int                `json:"grid"`
	Items    []Item                 `json:"items"`
	ItemPtrs *[]*Item               `json:"item_ptrs,omitempty"`
	Item     Item                   `json:"item"`
	ItemPtr  *Item                  `json:"item_ptr,omitempty"`
	Any      interface{}            `json:"any"`
	Map      map[string]interface{} `json:"map,omitempty"`
	MapPtr   *map[string]string     `json:"map_ptr,omitempty"`
	Union    Union                  `json:"union"`
	Embeds   *Embeds                `json:"embeds,omitempty"`
	Node     *Node                  `json:"node,omitempty"`
	Fixed    [2]int                 `json:"fixed"`
	DblPtr   **string               `json:"dbl_ptr,omitempty"`
	Untagged string
	Dash     string `json:"-"`
	//lint:ignore SA5008 the key "-" is what this field tests
	DashKey  string   `json:"-,"`
	Stringly Stringly `json:"stringly"`
	//lint:ignore U1000 encoding/json skips an unexported field, so must the decoder
	private string
}

// Item is a nested object.
type Item struct {
	ID   *int    `json:"id,omitempty"`
	Name string  `json:"name"`
	Tags *[]Tag  `json:"tags,omitempty"`
	Note *string `json:"NOTE,omitempty"`
}

// Tag is nested two deep.
type Tag struct {
	K string `json:"k"`
	V string `json:"v"`
}

// Union has its own UnmarshalJSON, as oapi-codegen's oneOf types do.
type Union struct {
	union json.RawMessage
}

// UnmarshalJSON keeps the bytes.
func (u *Union) UnmarshalJSON(b []byte) error {
	u.union = append(json.RawMessage(nil), b...)
	return nil
}

// Embeds promotes the fields of an embedded struct.
type Embeds struct {
	Tag
	Extra string `json:"extra"`
}

// Node is recursive.
type Node struct {
	Name     string `json:"name"`
	Children []Node `json:"children"`
	Next     *Node  `json:"next,omitempty"`
}

// Stringly uses the string option, which the generator leaves to
// encoding/json.
type Stringly struct {
	N int `json:"n,string"`
}
