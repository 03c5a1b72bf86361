"""Messages: errors (see govreport.messages)."""

MESSAGES = {
}
