# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""Optional compiled handlers for :mod:`cloudcontracts.xml_decoding` (built by ``hatch_build.py``).

The same one-pass decoding as ``XmlDecoder._parse``, with the expat callbacks written in C: CPython's own
expat, reached through the ``pyexpat.expat_CAPI`` capsule (the one ``_elementtree`` uses), so there is
no second XML parser and no new dependency. The plan is the one ``XmlDecoder`` compiles; this module
reads it, it never looks at a schema. Its entries, kinds, actions and store modes are those of
``xml_decoding`` (checked by :func:`check_constants` when that module loads this one).

Only called by ``xml_decoding`` for bodies it has checked are UTF-8 (or ASCII) with no ``<!DOCTYPE``:
everything else goes to the Python handlers. The capsule has no ``XML_StopParser``, so a refusal made in
a handler (depth, unknown root, an exception) turns the handlers off and stops feeding the parser: the
body is fed in the 1 MiB chunks ``pyexpat`` itself uses, so positions in expat's error messages are the
same as the Python path's, and at most the rest of one chunk is scanned (without callbacks) after a refusal.
"""

from cpython.dict cimport PyDict_GetItem, PyDict_SetItem
from cpython.list cimport PyList_Append
from cpython.long cimport PyLong_FromLongLong
from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF, Py_XDECREF
from cpython.pycapsule cimport PyCapsule_Import
from cpython.unicode cimport PyUnicode_DecodeUTF8
from cpython.conversion cimport PyOS_string_to_double
from libc.stdlib cimport free, realloc
from libc.string cimport memcmp, memcpy, strcmp

cdef extern from "Python.h":
    const char* PyUnicode_AsUTF8AndSize(object unicode, Py_ssize_t* size) except NULL

from xml.parsers.expat import ExpatError

# expat.h is not shipped with Python: the few types pyexpat.h needs, as expat 2.x declares them (its ABI
# has kept these since 2.0). XML_Char is char: CPython's expat is built without XML_UNICODE.
cdef extern from *:
    """
    #include <stddef.h>
    typedef struct XML_ParserStruct *XML_Parser;
    typedef char XML_Char;
    typedef char XML_LChar;
    typedef unsigned long XML_Size;
    typedef unsigned char XML_Bool;
    enum XML_Status { XML_STATUS_ERROR = 0, XML_STATUS_OK = 1, XML_STATUS_SUSPENDED = 2 };
    enum XML_Error { XML_ERROR_NONE = 0 };
    typedef struct {
        void *(*malloc_fcn)(size_t size);
        void *(*realloc_fcn)(void *ptr, size_t size);
        void (*free_fcn)(void *ptr);
    } XML_Memory_Handling_Suite;
    typedef struct {
        int map[256];
        void *data;
        int (*convert)(void *data, const char *s);
        void (*release)(void *data);
    } XML_Encoding;
    typedef void (*XML_StartElementHandler)(void *userData, const XML_Char *name, const XML_Char **atts);
    typedef void (*XML_EndElementHandler)(void *userData, const XML_Char *name);
    typedef void (*XML_CharacterDataHandler)(void *userData, const XML_Char *s, int len);
    typedef void (*XML_CommentHandler)(void *userData, const XML_Char *data);
    typedef void (*XML_DefaultHandler)(void *userData, const XML_Char *s, int len);
    typedef void (*XML_StartNamespaceDeclHandler)(void *userData, const XML_Char *prefix,
                                                  const XML_Char *uri);
    typedef void (*XML_EndNamespaceDeclHandler)(void *userData, const XML_Char *prefix);
    typedef void (*XML_ProcessingInstructionHandler)(void *userData, const XML_Char *target,
                                                     const XML_Char *data);
    typedef int (*XML_UnknownEncodingHandler)(void *encodingHandlerData, const XML_Char *name,
                                              XML_Encoding *info);
    typedef void (*XML_StartDoctypeDeclHandler)(void *userData, const XML_Char *doctypeName,
                                                const XML_Char *sysid, const XML_Char *pubid,
                                                int has_internal_subset);
    #include "pyexpat.h"
    """
    ctypedef struct XML_ParserStruct:
        pass
    ctypedef XML_ParserStruct* XML_Parser
    ctypedef void (*XML_StartElementHandler)(void*, const char*, const char**) noexcept
    ctypedef void (*XML_EndElementHandler)(void*, const char*) noexcept
    ctypedef void (*XML_CharacterDataHandler)(void*, const char*, int) noexcept
    ctypedef void (*XML_StartDoctypeDeclHandler)(void*, const char*, const char*, const char*, int) noexcept
    ctypedef int (*XML_UnknownEncodingHandler)(void*, const char*, void*) noexcept
    cdef enum XML_Error:
        XML_ERROR_NONE
    cdef enum XML_Status:
        XML_STATUS_ERROR
        XML_STATUS_OK
    const char* PyExpat_CAPI_MAGIC
    const char* PyExpat_CAPSULE_NAME
    cdef struct PyExpat_CAPI:
        char* magic
        int size
        int MAJOR_VERSION
        int MINOR_VERSION
        int MICRO_VERSION
        const char* (*ErrorString)(XML_Error code) noexcept
        XML_Error (*GetErrorCode)(XML_Parser parser) noexcept
        unsigned long (*GetErrorColumnNumber)(XML_Parser parser) noexcept
        unsigned long (*GetErrorLineNumber)(XML_Parser parser) noexcept
        XML_Status (*Parse)(XML_Parser parser, const char* s, int len, int isFinal) noexcept
        XML_Parser (*ParserCreate_MM)(const char* encoding, const void* memsuite, const char* sep) noexcept
        void (*ParserFree)(XML_Parser parser) noexcept
        void (*SetCharacterDataHandler)(XML_Parser parser, XML_CharacterDataHandler handler) noexcept
        void (*SetElementHandler)(
            XML_Parser parser, XML_StartElementHandler start, XML_EndElementHandler end) noexcept
        void (*SetUnknownEncodingHandler)(
            XML_Parser parser, XML_UnknownEncodingHandler handler, void* data) noexcept
        void (*SetUserData)(XML_Parser parser, void* userData) noexcept
        void (*SetStartDoctypeDeclHandler)(XML_Parser parser, XML_StartDoctypeDeclHandler start) noexcept
        XML_UnknownEncodingHandler DefaultUnknownEncodingHandler
    size_t CAPI_SIZE "sizeof(struct PyExpat_CAPI)"


cdef PyExpat_CAPI* _capi = <PyExpat_CAPI*>PyCapsule_Import(PyExpat_CAPSULE_NAME, 0)
if (
    strcmp(_capi.magic, PyExpat_CAPI_MAGIC) != 0
    or _capi.size < <int>CAPI_SIZE
    or _capi.MAJOR_VERSION != 2
):
    raise ImportError("pyexpat's C API capsule is not the one this accelerator was built for")

EXPAT_VERSION = (_capi.MAJOR_VERSION, _capi.MINOR_VERSION, _capi.MICRO_VERSION)

# The constants of xml_decoding (its single source); check_constants() verifies they agree.
cdef enum:
    STRING = 0
    INTEGER = 1
    NUMBER = 2
    BOOLEAN = 3
    UNKNOWN = 4
    OBJECT = 5
    ARRAY = 6
cdef enum:
    SET = 0
    APPEND = 1
    REPEAT = 2
    GENERIC = 3
cdef enum:
    LEAF_STRING = 0
    LEAF_NUMBER = 1
    LEAF_OTHER = 2
    OPEN_OBJECT = 5
    OPEN_ARRAY = 6
    OPEN_OTHER = 7
cdef enum:
    CHUNK = 1 << 20  # pyexpat's MAX_CHUNK_SIZE: the same chunks give the same error positions
    SMALL_INT_DIGITS = 18  # fits a long long

_CONSTANTS = {
    "_STRING": STRING, "_INTEGER": INTEGER, "_NUMBER": NUMBER, "_BOOLEAN": BOOLEAN,
    "_UNKNOWN": UNKNOWN, "_OBJECT": OBJECT, "_ARRAY": ARRAY,
    "_SET": SET, "_APPEND": APPEND, "_REPEAT": REPEAT, "_GENERIC": GENERIC,
    "_LEAF_STRING": LEAF_STRING, "_LEAF_NUMBER": LEAF_NUMBER, "_LEAF_OTHER": LEAF_OTHER,
    "_OPEN_OBJECT": OPEN_OBJECT, "_OPEN_ARRAY": OPEN_ARRAY, "_OPEN_OTHER": OPEN_OTHER, "_ITEM": "",
}


def check_constants(values):
    """Raise ImportError unless ``values`` (xml_decoding's module globals) has this module's constants."""
    for name, value in _CONSTANTS.items():
        if values.get(name) != value:
            raise ImportError(f"cloudcontracts._xml_accel was built for another xml_decoding ({name})")


cdef bint _is_digit(char c) noexcept:
    return c'0' <= c <= c'9'


cdef Py_ssize_t _integer_digits(const char* s, Py_ssize_t n) noexcept:
    """Digits of a JSON integer literal ``-?(0|[1-9][0-9]*)`` filling s[:n]; -1 if it is not one."""
    cdef Py_ssize_t i = 0
    if i < n and s[i] == c'-':
        i += 1
    if i >= n:
        return -1
    if s[i] == c'0':
        return 1 if i + 1 == n else -1
    cdef Py_ssize_t start = i
    while i < n and _is_digit(s[i]):
        i += 1
    return i - start if i == n else -1


cdef bint _is_number(const char* s, Py_ssize_t n) noexcept:
    """Whether s[:n] is a JSON number literal ``-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?``."""
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t start
    if i < n and s[i] == c'-':
        i += 1
    if i >= n or not _is_digit(s[i]):
        return False
    if s[i] == c'0':
        i += 1
    else:
        while i < n and _is_digit(s[i]):
            i += 1
    if i < n and s[i] == c'.':
        i += 1
        start = i
        while i < n and _is_digit(s[i]):
            i += 1
        if i == start:
            return False
    if i < n and (s[i] == c'e' or s[i] == c'E'):
        i += 1
        if i < n and (s[i] == c'+' or s[i] == c'-'):
            i += 1
        start = i
        while i < n and _is_digit(s[i]):
            i += 1
        if i == start:
            return False
    return i == n


cdef object _number(const char* s, Py_ssize_t n):
    """xml_decoding._number on the UTF-8 text s[:n] (NUL-terminated): int, float, or the text itself."""
    cdef Py_ssize_t digits = _integer_digits(s, n)
    cdef long long value = 0
    cdef Py_ssize_t i
    if 0 < digits <= SMALL_INT_DIGITS:
        for i in range(n - digits, n):
            value = value * 10 + (s[i] - c'0')
        return PyLong_FromLongLong(-value if s[0] == c'-' else value)
    text = PyUnicode_DecodeUTF8(s, n, NULL)
    if digits > 0:
        try:
            return int(text)
        except ValueError:  # more digits than int() accepts, as in xml_decoding._number
            return text
    if _is_number(s, n):
        return PyOS_string_to_double(s, NULL, NULL)  # what float(text) computes (same function)
    return text


# Element names as str, cached by their UTF-8 bytes (a direct-mapped table of owned references): a body
# names the same few dozen elements over and over, and a cached str also keeps its hash for the lookup.
# Only short names are cached: a hostile body's megabyte-long names must not stay pinned in the table
# for the life of the process (512 slots x a 64 MiB body would be 32 GiB).
cdef enum:
    NAME_SLOTS = 512
    NAME_CACHE_MAX_BYTES = 64
cdef PyObject* _names[NAME_SLOTS]
cdef const char* _names_utf8[NAME_SLOTS]
cdef Py_ssize_t _names_len[NAME_SLOTS]


cdef object _name(const char* name):
    cdef size_t h = 2166136261u
    cdef Py_ssize_t n = 0
    while name[n] != 0:
        h = (h ^ <unsigned char>name[n]) * 16777619u
        n += 1
    if n > NAME_CACHE_MAX_BYTES:
        return PyUnicode_DecodeUTF8(name, n, NULL)
    cdef size_t slot = (h ^ (h >> 16)) % NAME_SLOTS
    cdef PyObject* cached = _names[slot]
    if cached != NULL and _names_len[slot] == n and memcmp(_names_utf8[slot], name, n) == 0:
        return <object>cached
    text = PyUnicode_DecodeUTF8(name, n, NULL)
    cdef Py_ssize_t size = 0
    cdef const char* utf8 = PyUnicode_AsUTF8AndSize(text, &size)  # valid as long as ``text`` lives
    Py_INCREF(text)
    Py_XDECREF(cached)
    _names[slot] = <PyObject*>text
    _names_utf8[slot] = utf8
    _names_len[slot] = size
    return text


cdef class _Decoder:
    """The state of one decode: the handlers' closure variables of ``XmlDecoder._parse``."""

    cdef XML_Parser parser
    cdef dict result
    cdef dict roots
    cdef object generic_plan
    cdef object cur_plan  # a plan (dict)
    cdef object cur_out  # the open container: dict or list
    cdef list plans
    cdef list outs
    cdef Py_ssize_t max_depth
    cdef bint in_leaf
    cdef object leaf_key
    cdef int leaf_action
    cdef int leaf_mode
    cdef int leaf_kind
    cdef char* text
    cdef Py_ssize_t text_len
    cdef Py_ssize_t text_cap
    cdef object error  # the exception a handler raised (it cannot propagate through expat)
    cdef object refused  # xml_decoding._Refused
    cdef object root_message  # xml_decoding._unexpected_root
    cdef object depth_message  # xml_decoding._too_deep

    def __dealloc__(self):
        free(self.text)

    cdef int grow(self, Py_ssize_t need) except -1:
        cdef Py_ssize_t cap = self.text_cap * 2 if self.text_cap else 256
        while cap < need:
            cap *= 2
        cdef char* grown = <char*>realloc(self.text, cap)
        if grown == NULL:
            raise MemoryError()
        self.text = grown
        self.text_cap = cap
        return 0

    cdef void stop(self, object error) noexcept:
        """Keep the first error and turn the handlers off: the parse loop feeds no further chunk."""
        if self.error is None:
            self.error = error
        _capi.SetElementHandler(self.parser, NULL, NULL)
        _capi.SetCharacterDataHandler(self.parser, NULL)

    cdef int store(self, int mode, object key, object value) except -1:
        cdef object out = self.cur_out
        if mode == SET:
            if type(out) is dict:
                PyDict_SetItem(out, key, value)
            else:
                out[key] = value
        elif mode == APPEND:
            if type(out) is list:
                PyList_Append(out, value)
            else:
                out.append(value)
        elif mode == REPEAT:
            out.setdefault(key, []).append(value)
        elif key in out:
            existing = out[key]
            if type(existing) is list:
                existing.append(value)
            else:
                out[key] = [existing, value]
        else:
            out[key] = value
        return 0

    cdef int push(self, object plan, object new) except -1:
        PyList_Append(self.plans, self.cur_plan)
        PyList_Append(self.outs, self.cur_out)
        self.cur_plan = plan
        self.cur_out = new
        return 0

    cdef int start(self, const char* name) except -1:
        cdef PyObject* found
        cdef tuple entry
        cdef int action
        if self.in_leaf:
            # The pending leaf has a child element after all: it becomes a generic dict.
            self.in_leaf = False
            if len(self.plans) >= self.max_depth:
                raise self.refused(self.depth_message(self.max_depth))
            new_dict = {}
            self.store(self.leaf_mode, self.leaf_key, new_dict)
            self.push(self.generic_plan, new_dict)
        key = _name(name)
        found = PyDict_GetItem(self.cur_plan, key)
        if found != NULL:
            entry = <tuple>found
        elif self.cur_out is self.result:
            raise self.refused(self.root_message(key, self.roots))
        elif type(self.cur_out) is list:
            entry = self.cur_plan[""]  # a wrapper's child, whatever its name
        else:  # not declared: a leaf until it has a child
            self.leaf_key = key
            self.leaf_action = LEAF_OTHER
            self.leaf_mode = GENERIC
            self.leaf_kind = UNKNOWN
            self.text_len = 0
            self.in_leaf = True
            return 0
        action = entry[1]
        if action < 5:  # a leaf, decoded from its text at its end
            self.leaf_key = entry[0]
            self.leaf_action = action
            self.leaf_mode = entry[3]
            self.leaf_kind = entry[4]
            self.text_len = 0
            self.in_leaf = True
            return 0
        if len(self.plans) >= self.max_depth:
            raise self.refused(self.depth_message(self.max_depth))
        if action == OPEN_OBJECT:
            new = {}
            self.store(SET, entry[0], new)
        elif action == OPEN_ARRAY:
            new = []
            self.store(SET, entry[0], new)
        else:
            new = {} if entry[4] == OBJECT else []
            self.store(entry[3], entry[0], new)
        self.push(entry[2], new)
        return 0

    cdef int end(self) except -1:
        cdef int kind
        if not self.in_leaf:
            self.cur_plan = self.plans.pop()
            self.cur_out = self.outs.pop()
            return 0
        self.in_leaf = False
        if self.text_cap == 0:
            self.grow(1)
        self.text[self.text_len] = 0
        if self.leaf_action == LEAF_STRING:
            value = PyUnicode_DecodeUTF8(self.text, self.text_len, NULL)
            self.store(SET, self.leaf_key, value)
        elif self.leaf_action == LEAF_NUMBER:
            self.store(SET, self.leaf_key, _number(self.text, self.text_len))
        else:
            kind = self.leaf_kind
            if kind == NUMBER or kind == INTEGER:
                value = _number(self.text, self.text_len)
            else:
                value = PyUnicode_DecodeUTF8(self.text, self.text_len, NULL)
                if kind == BOOLEAN:
                    if value == "true":
                        value = True
                    elif value == "false":
                        value = False
            self.store(self.leaf_mode, self.leaf_key, value)
        return 0


cdef void _on_start(void* data, const char* name, const char** atts) noexcept:
    cdef _Decoder d = <_Decoder>data
    try:
        d.start(name)
    except BaseException as exc:
        d.stop(exc)


cdef void _on_end(void* data, const char* name) noexcept:
    cdef _Decoder d = <_Decoder>data
    try:
        d.end()
    except BaseException as exc:
        d.stop(exc)


cdef void _on_text(void* data, const char* s, int n) noexcept:
    cdef _Decoder d = <_Decoder>data
    if not d.in_leaf:
        return  # text between child elements: ignored, as the Python handlers ignore it
    cdef Py_ssize_t need = d.text_len + n + 1
    if need > d.text_cap:
        try:
            d.grow(need)
        except BaseException as exc:
            d.stop(exc)
            return
    memcpy(d.text + d.text_len, s, n)
    d.text_len += n


cdef void _on_doctype(void* data, const char* name, const char* sysid, const char* pubid, int internal) noexcept:
    # Unreachable: xml_decoding sends no body containing "<!DOCTYPE" here. Kept as a second lock.
    cdef _Decoder d = <_Decoder>data
    try:
        d.stop(d.refused("XML with a document type declaration (DTD) is refused"))
    except BaseException as exc:
        d.stop(exc)


def decode(bytes body, dict roots, Py_ssize_t max_depth, generic_plan, refused, root_message, depth_message):
    """Decode a UTF-8 XML ``body`` with the compiled plan ``roots``, like ``XmlDecoder._parse``.

    Raises what a Python handler would have raised (``refused(...)`` for a refusal), or ``ExpatError``
    with pyexpat's message for a body that is not well-formed.
    """
    cdef _Decoder d = _Decoder()
    cdef const char* s = body
    cdef Py_ssize_t n = len(body)
    cdef Py_ssize_t pos = 0
    cdef XML_Status status = XML_STATUS_OK
    cdef XML_Error code
    cdef const char* reason
    d.result = {}
    d.roots = roots
    d.generic_plan = generic_plan
    d.cur_plan = roots
    d.cur_out = d.result
    d.plans = []
    d.outs = []
    d.max_depth = max_depth
    d.refused = refused
    d.root_message = root_message
    d.depth_message = depth_message
    d.parser = _capi.ParserCreate_MM(NULL, NULL, NULL)
    if d.parser == NULL:
        raise MemoryError()
    try:
        _capi.SetUserData(d.parser, <void*>d)
        _capi.SetUnknownEncodingHandler(d.parser, _capi.DefaultUnknownEncodingHandler, NULL)
        _capi.SetStartDoctypeDeclHandler(d.parser, _on_doctype)
        _capi.SetElementHandler(d.parser, _on_start, _on_end)
        _capi.SetCharacterDataHandler(d.parser, _on_text)
        while n - pos > CHUNK:
            status = _capi.Parse(d.parser, s + pos, CHUNK, 0)
            if status == XML_STATUS_ERROR or d.error is not None:
                break
            pos += CHUNK
        else:
            status = _capi.Parse(d.parser, s + pos, <int>(n - pos), 1)
        if d.error is not None:
            raise d.error
        if status == XML_STATUS_ERROR:
            code = _capi.GetErrorCode(d.parser)
            reason = _capi.ErrorString(code)
            message = "%s: line %d, column %d" % (
                "(null)" if reason == NULL else (<bytes>reason).decode("utf-8", "replace"),
                <int>_capi.GetErrorLineNumber(d.parser),
                <int>_capi.GetErrorColumnNumber(d.parser),
            )
            raise ExpatError(message)
        return d.result
    finally:
        _capi.ParserFree(d.parser)
        d.parser = NULL
