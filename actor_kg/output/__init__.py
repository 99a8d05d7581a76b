"""Output: terminal text, exports, the HTML page, and files written atomically."""
