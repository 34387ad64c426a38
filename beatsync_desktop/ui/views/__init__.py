"""Widgets that lay things out and emit signals; behaviour lives in `ui.controller`."""
