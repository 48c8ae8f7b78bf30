"""Checking and shrinking an uploaded logo (Pillow); no database here."""

import io

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from members.services._common import CurationError

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}
# Larger images are refused from their header, before decoding: a small file can declare a huge
# image (a "pixel bomb") that would take gigabytes of memory to decode. 16 MP is 4000 x 4000.
LOGO_MAX_PIXELS = 16_000_000
LOGO_DISPLAY_SIZE = 400
TOO_MANY_PIXELS = _("The logo image is too large: at most 16 megapixels (e.g. 4000 × 4000 pixels).")
NOT_AN_IMAGE = _("The logo must be a PNG, JPEG or WebP image.")


def prepare_logo(upload) -> ContentFile:
    """Check an uploaded logo by its content and shrink it for display (PNG, at most 400 px).

    Raises CurationError for files over 2 MB, images that are not PNG, JPEG or WebP (whatever
    the file name says), broken images, and images over LOGO_MAX_PIXELS ("too large").
    """
    from PIL import Image, UnidentifiedImageError

    if upload.size > LOGO_MAX_BYTES:
        raise CurationError(_("The logo may be at most 2 MB."))
    upload.seek(0)
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
        if kind not in LOGO_FORMATS:
            raise CurationError(NOT_AN_IMAGE)
        if width * height > LOGO_MAX_PIXELS:
            raise CurationError(TOO_MANY_PIXELS)
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
            image.thumbnail((LOGO_DISPLAY_SIZE, LOGO_DISPLAY_SIZE))
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
    except CurationError:
        raise
    except Image.DecompressionBombError:
        # Pillow refuses images over twice its own limit as soon as it reads the header.
        raise CurationError(TOO_MANY_PIXELS) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise CurationError(NOT_AN_IMAGE) from None
    return ContentFile(out.getvalue())
