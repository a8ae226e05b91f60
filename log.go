package sclogs

import "github.com/sclogs/sclogs/gen"

// Log is one integration exception log record: the type generated from the
// spec's IntegrationLog schema. Its fields and methods are documented there:
//
//	go doc github.com/sclogs/sclogs/gen IntegrationLog
//
// Read it with the generated nil-safe getters, which return the zero value
// for a field the API left out, and chain through the request and response
// parts:
//
//	l.GetID(), l.GetCreatedAt(), l.GetMethod(), l.GetResponseCode(),
//	l.GetExceptionType(), l.GetException(), l.GetFullURL(), l.GetBaseURL(),
//	l.GetResponse().GetBody(), l.GetRequest().GetHeaders()
//
// The fields stay pointers (nil when absent), so a record marshals back to
// what the API sent. Fields that are a string or an object in the spec are
// [github.com/sclogs/sclogs/jsonvalue.Value]: print them with %s or read them with Text, AsString,
// AsObject or Decode. fmt's %v and %+v print a Log as JSON.
type Log = gen.IntegrationLog
