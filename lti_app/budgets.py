"""Every budget of an upload inspector and of the Markdown renderer, in one place.

A student chooses the bytes these parsers read; each budget is checked while the
work is done (never after), so one hostile file or text costs at most a fraction
of a second and a few megabytes. Each value says why it is that size: far above
what a real course document needs, far below what hurts a worker. The per-person
in-flight cap and its expiry are settings (``CARTABLE_UPLOADS_IN_FLIGHT``,
``CARTABLE_UPLOAD_SLOT_SECONDS``), since operators may want to tune them.
"""

from __future__ import annotations

MIB = 1024 * 1024

# --- Every inspection -------------------------------------------------------
# CPU seconds (of the thread doing it) one file's inspection may use. Every count
# below is reached in well under a second on one core; this is the backstop for
# what they do not foresee. CPU time, not wall time: a loaded server must not
# refuse an honest file because other requests were running.
INSPECT_CPU_SECONDS = 2.0

# --- Zip containers (PPTX, ODP, bulk feedback archives) -------------------------
# Entries listed in the central directory: a 300-slide deck with its pictures,
# layouts and relationships holds about 2,000 parts.
ZIP_MAX_ENTRIES = 10_000
# Bytes of the central directory, checked before ``zipfile`` parses it into
# objects: 10,000 entries with names of a few hundred bytes.
ZIP_MAX_DIRECTORY_BYTES = 4 * MIB
# Uncompressed bytes read from one member that a parser reads (content.xml,
# presentation.xml): the text of a 1,000-slide deck fits in a few megabytes;
# pictures are other members and are never inflated.
ZIP_MAX_MEMBER_BYTES = 32 * MIB
# Uncompressed bytes read from one archive by the inspector (all members).
ZIP_MAX_TOTAL_BYTES = 48 * MIB
# Uncompressed bytes over compressed bytes, once a member is past the grace size:
# XML deflates 5 to 20 times, Apache POI's ZipSecureFile refuses past 100 too. The
# grace lets tiny members (a 1 KB member of 50 bytes compressed) through.
ZIP_MAX_RATIO = 100
ZIP_RATIO_GRACE_BYTES = 1 * MIB
# A bulk feedback archive (staff): files of at most the assignment's size each,
# at most this many, at most this much written to disk in all.
FEEDBACK_ARCHIVE_MAX_ENTRIES = 1000
FEEDBACK_ARCHIVE_MAX_BYTES = 2 * 1024 * MIB
# CPU seconds to inflate and check a whole bulk archive (each file's own
# inspection has INSPECT_CPU_SECONDS besides): 2 GB inflates in about 10 s.
FEEDBACK_ARCHIVE_CPU_SECONDS = 60.0

# --- XML inside ODP and PPTX -----------------------------------------------------
# Elements parsed in one XML member: a rich slide holds a few hundred; parsing
# this many takes about 0.3 s. Each element is freed once read.
XML_MAX_ELEMENTS = 500_000
# Element nesting: ODF and PresentationML documents nest about 20 deep.
XML_MAX_DEPTH = 128
# Slides counted: the assignment form's "pages expected" stops at 1,000.
MAX_SLIDES = 5_000

# --- PDF -------------------------------------------------------------------------
# Nodes of the page tree visited (pages and their intermediate nodes): a
# 5,000-page book has about 5,100; pypdf resolves 10,000 in about 0.2 s.
PDF_MAX_PAGE_NODES = 10_000
# Depth of the page tree: writers balance it, 10 levels hold millions of pages.
PDF_MAX_TREE_DEPTH = 64
# Objects and cross-reference entries, counted before pypdf opens the file (it
# reads each entry in Python): a 1,000-page report holds about 10,000; pypdf
# indexes this many in about 0.3 s and 25 MB.
PDF_MAX_OBJECTS = 100_000
# Bytes one PDF stream may inflate to (pypdf's own budget, lowered from 75 MB): the
# inspector reads only the object streams that hold the page tree.
PDF_MAX_STREAM_BYTES = 16 * MIB

# --- Markdown typed by people (modules, questions, comments, feedback) ----------
# Nesting of block quotes, lists and brackets: markdown-it stops nesting at 20
# levels and renders the rest as text, but still walks it; prose and course notes
# nest 3 or 4 deep. The sizes are each form's own limits (characters).
MARKDOWN_MAX_DEPTH = 32
# The largest text any form takes (a module's body): rendering past it is
# refused, even for a text stored before the forms checked it.
MARKDOWN_MAX_CHARS = 256 * 1024
