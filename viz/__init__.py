"""The HTML view's template, script and styles (installed as the package data actor_kg.viz_assets)."""
