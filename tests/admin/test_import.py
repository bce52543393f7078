"""The claims list's "Import claims": upload, a preview of every claim and every error, confirm;
nothing written before the editor confirms, or at all when a row is bad."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Claim, ClaimImport, ImportUpload
from tests.helpers import CLAIMS_LIST

IMPORT = reverse("admin:claims_claim_import")
WIRE = (
    "text,source,occurred_on,quantities\n"
    '"Air defenses downed 25 of 30 drones overnight.",Ukrainian Air Force,2024-11-14,\n'
    '"Two people were killed in Odesa.",Odesa regional governor,2024-11-14,"2 people killed"\n'
)


def upload(client, content: bytes | str, name: str = "wire.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data, "text/csv")})


@pytest.fixture
def desk(client, editor, air_force):
    client.force_login(editor)
    return client


def test_the_claims_list_offers_the_import_to_those_who_may_add_claims(client, editor, viewer):
    client.force_login(editor)
    assert IMPORT in client.get(CLAIMS_LIST).content.decode()
    client.force_login(viewer)
    assert IMPORT not in client.get(CLAIMS_LIST).content.decode()
    assert client.get(IMPORT).status_code == 403


def test_an_upload_is_previewed_then_imported_on_confirm(desk, editor):
    preview = upload(desk, WIRE)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Would create <strong>2</strong> claims" in page
    assert "Air defenses downed 25 of 30 drones overnight." in page
    assert 'Odesa regional governor <span class="import-new">new</span>' in page
    assert "25 of 30 drones downed" in page and "extracted" in page  # from the text
    assert not Claim.objects.exists()  # nothing until confirmed

    upload_id = ImportUpload.objects.get().pk
    done = desk.post(IMPORT, {"upload": upload_id, "confirm": "1"}, follow=True)
    assert done.redirect_chain[-1][0] == CLAIMS_LIST
    assert "Imported 2 claims from wire.csv" in done.content.decode()
    assert Claim.objects.filter(created_by=editor).count() == 2
    assert ClaimImport.objects.get().created_by == editor
    assert not ImportUpload.objects.exists()

    again = upload(desk, WIRE).content.decode()
    assert "Nothing to import" in again and "Skip" in again


def test_a_file_with_bad_rows_lists_every_error_and_cannot_be_confirmed(desk):
    page = upload(desk, 'text,source,occurred_on\n,Ukrainian Air Force,2024-11-14\n"x",,soon\n')
    content = page.content.decode()
    assert "3 errors: nothing will be imported" in content
    for line, field in (("2", "text"), ("3", "source"), ("3", "occurred_on")):
        assert f"<td>{line}</td><td>{field}</td>" in content
    assert 'name="confirm"' not in content
    upload_id = ImportUpload.objects.get().pk
    desk.post(IMPORT, {"upload": upload_id, "confirm": "1"})
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "photo.png", "not a text file"),
        ("Kyiv: Київ".encode("cp1251"), "a.csv", "not UTF-8 text"),
        (b"colour,size\nred,2\n", "a.csv", "must name the columns"),
        (b" " * (50 * 2**20), "huge.csv", "an upload takes at most 10 MB"),
    ],
)
def test_a_file_that_cannot_be_imported_is_a_form_error(desk, content, name, message):
    page = upload(desk, content, name)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not Claim.objects.exists() and not ImportUpload.objects.exists()


def test_only_the_uploader_confirms_an_upload(desk, client, verifier):
    upload(desk, WIRE)
    upload_id = ImportUpload.objects.get().pk
    client.force_login(verifier)
    assert client.post(IMPORT, {"upload": upload_id, "confirm": "1"}).status_code == 404
    assert not Claim.objects.exists()
