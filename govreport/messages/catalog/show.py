"""Messages: show (see govreport.messages)."""

MESSAGES = {
}
