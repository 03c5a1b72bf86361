"""Messages: diff (see govreport.messages)."""

MESSAGES = {
}
