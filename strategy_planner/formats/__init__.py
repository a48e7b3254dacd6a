"""Number and date formats where a language's defaults need a change."""
