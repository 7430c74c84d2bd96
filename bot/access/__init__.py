"""Who may do what: roles (owner, member, guest), invitations, and the gate before handlers."""
