"""marshmallow schemas: every payload that crosses a boundary (API bodies, step inputs and
outputs) is defined here once."""
