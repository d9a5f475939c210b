"""Customer accounts: who they are, their branch and relationship owner, what they bring and cost."""
