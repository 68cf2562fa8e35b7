"""KMS envelope encryption (functions/engine/envelope.py) against moto's KMS: a data key per
secret, the context binding both layers, and the in-process cache of data keys."""

from __future__ import annotations

from unittest import mock

import pytest
from moto import mock_aws

from functions import config
from functions.engine import clients, envelope
from functions.errors import TransientError

CONTEXT = {"tenant_id": "t0123456789", "kind": "webhook_secret", "id": "eoffice/ws_1"}


@pytest.fixture
def key():
    with mock_aws():
        import boto3

        arn = boto3.client("kms", region_name="ap-southeast-3").create_key()["KeyMetadata"]["Arn"]
        previous = config.use(config.Config(secrets_key=arn))
        envelope.forget()
        try:
            yield arn
        finally:
            config.use(previous)
            envelope.forget()


def test_a_sealed_secret_holds_no_plaintext_and_opens_under_its_context(key):
    sealed = envelope.seal("whsec_c2VjcmV0", CONTEXT)
    assert envelope.is_sealed(sealed) and "c2VjcmV0" not in sealed
    assert envelope.seal("whsec_c2VjcmV0", CONTEXT) != sealed  # a new data key and nonce each
    envelope.forget()
    assert envelope.unseal(sealed, CONTEXT) == "whsec_c2VjcmV0"
    with pytest.raises(ValueError):
        envelope.unseal(sealed, {**CONTEXT, "tenant_id": "tzzzzzzzzzz"})


def test_opening_again_within_the_cache_time_asks_kms_once(key):
    sealed = envelope.seal("whsec_c2VjcmV0", CONTEXT)
    envelope.forget()
    kms = clients.client("kms")
    with mock.patch.object(kms, "decrypt", wraps=kms.decrypt) as decrypt:
        for _ in range(5):
            assert envelope.unseal(sealed, CONTEXT) == "whsec_c2VjcmV0"
    assert decrypt.call_count == 1


def test_without_a_configured_key_nothing_is_sealed():
    previous = config.use(config.Config(secrets_key=""))
    try:
        with pytest.raises(TransientError):
            envelope.seal("whsec_x", CONTEXT)
    finally:
        config.use(previous)
