"""Request bodies: JSON only, and a body nested too deeply for Python's parser is a 400."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            # `[[[[...` a million deep fits in the size limit; json.loads raises RecursionError,
            # which DRF's parser does not turn into a ParseError.
            raise ParseError("JSON parse error - nested too deeply.") from None
