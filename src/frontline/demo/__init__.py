"""The demo company: a deterministic, realistic broadband and mobile provider."""
