"""Storage of webhook secrets, mappings, deliveries and outbound notifications, bound to one
tenant (keys.py formats every key)."""

from __future__ import annotations

from functions.store import keys, retention
from functions.store.base import _find
from functions.store.records import (
    OutboundNotificationRecord,
    OutboundSubscriptionRecord,
    WebhookDeliveryRecord,
    WebhookMappingRecord,
    WebhookSecretRecord,
)
from functions.store.repository import TenantRepository


class WebhookStore:
    def __init__(self, repo: TenantRepository) -> None:
        self.repo = repo
        self.tenant_id = repo.tenant_id
        self.config_pk = keys.webhook_config(repo.tenant_id)

    # --- secrets ---------------------------------------------------------------------------
    def new_secret(self, source: str, secret_id: str, **attrs) -> WebhookSecretRecord:
        sk = keys.webhook_secret(source, secret_id)
        return WebhookSecretRecord(self.config_pk, sk, source=source, secret_id=secret_id, **attrs)

    def secrets(self, source: str) -> list[WebhookSecretRecord]:
        condition = WebhookSecretRecord.sk.startswith(keys.webhook_secrets_of(source))
        return list(WebhookSecretRecord.query(self.config_pk, condition))

    def secret(self, source: str, secret_id: str) -> WebhookSecretRecord | None:
        return _find(WebhookSecretRecord, self.config_pk, keys.webhook_secret(source, secret_id))

    # --- mappings --------------------------------------------------------------------------
    def mapping(self, source: str) -> WebhookMappingRecord | None:
        return _find(WebhookMappingRecord, self.config_pk, keys.webhook_mapping(source))

    def new_mapping(self, source: str, **attrs) -> WebhookMappingRecord:
        sk = keys.webhook_mapping(source)
        return WebhookMappingRecord(self.config_pk, sk, source=source, **attrs)

    # --- deliveries ------------------------------------------------------------------------
    def new_delivery(self, delivery_id: str, **attrs) -> WebhookDeliveryRecord:
        record = WebhookDeliveryRecord(
            keys.webhook_delivery(self.tenant_id, delivery_id),
            keys.DELIVERY,
            delivery_id=delivery_id,
            **attrs,
        )
        self.index(record)
        return record

    def index(self, record: WebhookDeliveryRecord) -> None:
        """Keep the listing key and the expiry in step with the status."""
        record.gsi1pk = keys.deliveries_by_status(self.tenant_id, record.status)
        record.gsi1sk = f"{record.received_at}#{record.delivery_id}"
        reached = record.history[-1]["at"] if record.history else record.received_at
        record.expires_at = retention.of_status(retention.DELIVERY_DAYS, record.status, reached)

    def delivery(self, delivery_id: str) -> WebhookDeliveryRecord | None:
        pk = keys.webhook_delivery(self.tenant_id, delivery_id)
        return _find(WebhookDeliveryRecord, pk, keys.DELIVERY)

    def deliveries(self, status: str, limit: int | None = None) -> list[WebhookDeliveryRecord]:
        """A status's deliveries, oldest first."""
        pk = keys.deliveries_by_status(self.tenant_id, status)
        return list(WebhookDeliveryRecord.by_gsi1.query(pk, limit=limit))

    # --- outbound subscriptions and their notifications (functions/webhooks/outbound.py) ------
    def new_subscription(self, subscription_id: str, **attrs) -> OutboundSubscriptionRecord:
        sk = keys.outbound_subscription(subscription_id)
        return OutboundSubscriptionRecord(
            self.config_pk, sk, subscription_id=subscription_id, **attrs
        )

    def subscriptions(self) -> list[OutboundSubscriptionRecord]:
        condition = OutboundSubscriptionRecord.sk.startswith(keys.OUTBOUND_PREFIX)
        return list(OutboundSubscriptionRecord.query(self.config_pk, condition))

    def subscription(self, subscription_id: str) -> OutboundSubscriptionRecord | None:
        sk = keys.outbound_subscription(subscription_id)
        return _find(OutboundSubscriptionRecord, self.config_pk, sk)

    def new_notification(
        self, subscription_id: str, message_id: str, **attrs
    ) -> OutboundNotificationRecord:
        return OutboundNotificationRecord(
            keys.outbound_notifications(self.tenant_id, subscription_id),
            keys.outbound_notification(message_id),
            subscription_id=subscription_id,
            message_id=message_id,
            **attrs,
        )

    def notification(
        self, subscription_id: str, message_id: str
    ) -> OutboundNotificationRecord | None:
        pk = keys.outbound_notifications(self.tenant_id, subscription_id)
        return _find(OutboundNotificationRecord, pk, keys.outbound_notification(message_id))

    def notifications(self, subscription_id: str) -> list[OutboundNotificationRecord]:
        pk = keys.outbound_notifications(self.tenant_id, subscription_id)
        return list(OutboundNotificationRecord.query(pk))
