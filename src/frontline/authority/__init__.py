"""Authority at the front line: budgets for gestures and their ledger, policies with reasons, fixes and root causes."""
