"""People and organisation: users and roles, agents, teams, branches, skills, API tokens."""
