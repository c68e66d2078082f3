"""A client library for accessing NAVER Cloud Platform Billing API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
