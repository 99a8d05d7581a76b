"""The HTML view's template, script and styles (installed as the package data graph.viz_assets)."""
