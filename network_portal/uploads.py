"""A cap on the size of uploads, checked before the body is read.

Django limits form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams files of any size to memory
and a temporary file. This handler runs first: a multipart body larger than
PORTAL_UPLOAD_MAX_BYTES is refused from its Content-Length, before a byte of it is read, and the
person sees the 400 page saying it is too large.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class UploadTooLarge(RequestDataTooBig):
    """The body of an upload is larger than PORTAL_UPLOAD_MAX_BYTES."""


class LimitedUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > settings.PORTAL_UPLOAD_MAX_BYTES:
            raise UploadTooLarge(
                f"Upload of {content_length} bytes exceeds settings.PORTAL_UPLOAD_MAX_BYTES.")
        return None

    def receive_data_chunk(self, raw_data, start):
        # The request stream stops at Content-Length, so the check above covers every file.
        return raw_data

    def file_complete(self, file_size):
        return None
