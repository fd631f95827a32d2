"""Sending one message through the SMTP server of the settings (STARTTLS and a login when given)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from analysis.delivery.content import Content
from analysis.delivery.settings import SmtpSettings


def compose(content: Content, sender: str, recipient: str, key: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = content.subject
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1] or "localhost")
    message["X-Alliance-Delivery"] = key  # schedule/alert, due time: how a reader matches it to the log
    message.set_content(content.body)
    for attachment in content.attachments:
        main, sub = attachment.mime.split("/", 1)
        message.add_attachment(attachment.content, maintype=main, subtype=sub, filename=attachment.file_name)
    return message


def send(settings: SmtpSettings, message: EmailMessage) -> None:
    """Deliver `message`; any failure raises (smtplib.SMTPException or OSError), with the server's reason."""
    with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds) as server:
        server.ehlo()
        if settings.starttls:
            server.starttls(context=ssl.create_default_context(cafile=settings.cafile))
            server.ehlo()
        if settings.user and settings.password:
            server.login(settings.user, settings.password)
        server.send_message(message)


def describe_failure(error: BaseException) -> str:
    """One line saying why a message did not go, for the log."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "the server refused the recipient: " + "; ".join(
            f"{address}: {code} {reason.decode(errors='replace') if isinstance(reason, bytes) else reason}"
            for address, (code, reason) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        reason = (
            error.smtp_error.decode(errors="replace")
            if isinstance(error.smtp_error, bytes)
            else error.smtp_error
        )
        return f"the SMTP server answered {error.smtp_code} {reason}"
    if isinstance(error, ConnectionRefusedError):
        return "no SMTP server answered at the host and port of the settings (connection refused)"
    return f"{type(error).__name__}: {error}"
