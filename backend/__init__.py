"""The assistant service: safety checks, prompt rendering, engines, reasoning parsing and audit."""
