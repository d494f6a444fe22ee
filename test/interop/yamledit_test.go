package interop

// Editing generated machine configs to build invalid variants.

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"go.yaml.in/yaml/v4"
)

// editV1Alpha1 decodes a (multi-document) machine config, calls edit on the
// root mapping of the v1alpha1 document (the one with a top-level "machine"
// key) and encodes all documents again.
func editV1Alpha1(t *testing.T, data []byte, edit func(root *yaml.Node)) []byte {
	t.Helper()

	dec := yaml.NewDecoder(bytes.NewReader(data))

	var (
		docs  []*yaml.Node
		found bool
	)

	for {
		var doc yaml.Node

		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}

		if err != nil {
			t.Fatalf("decoding generated config: %v", err)
		}

		if !found && len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode && mapGet(doc.Content[0], "machine") != nil {
			edit(doc.Content[0])

			found = true
		}

		docs = append(docs, &doc)
	}

	if !found {
		t.Fatalf("generated config has no v1alpha1 document (no top-level machine key)")
	}

	var buf bytes.Buffer

	enc := yaml.NewEncoder(&buf)

	for _, doc := range docs {
		if err := enc.Encode(doc); err != nil {
			t.Fatalf("encoding edited config: %v", err)
		}
	}

	if err := enc.Close(); err != nil {
		t.Fatalf("encoding edited config: %v", err)
	}

	return buf.Bytes()
}

// mapGet returns the value node of key in a mapping node (nil if absent).
func mapGet(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}

	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}

	return nil
}

// mapPath follows keys through nested mappings, failing if one is missing.
func mapPath(t *testing.T, m *yaml.Node, keys ...string) *yaml.Node {
	t.Helper()

	for _, k := range keys {
		next := mapGet(m, k)
		if next == nil {
			t.Fatalf("generated config has no %v", keys)
		}

		m = next
	}

	return m
}

// mapDelete removes key from a mapping node, failing if absent.
func mapDelete(t *testing.T, m *yaml.Node, key string) {
	t.Helper()

	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)

			return
		}
	}

	t.Fatalf("generated config has no key %q to delete", key)
}

// mapSet sets key to value in a mapping node (adding it if absent).
func mapSet(m *yaml.Node, key string, value *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = value

			return
		}
	}

	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, value)
}
