// Package repotest tests the repository as a user meets it, by building
// throwaway modules with the go command: what `go mod tidy` puts in the go.mod
// of a module that imports the library, that the README's library example
// builds and prints what it says, that a property added to the spec
// reaches the CLI's NDJSON output after regeneration, and that no public
// package's documentation names an internal type. It has no code of its
// own.
package repotest
