/* GMime 3 contestant of `scripts/bench mime`.
 *
 *   gmime_bench LISTFILE [--repeat R]
 *
 * Reads every file named in LISTFILE (one path a line) into memory, then times only this,
 * R times over the whole set: parse each message from memory, walk its MIME tree (into
 * message/rfc822 parts too) and decode the content of every leaf part to a memory stream,
 * converting text parts from their charset to UTF-8. Prints one JSON line:
 *   {"parser": "gmime", "messages": N, "bytes": B, "seconds": S, "errors": E}
 * where errors counts messages GMime could not parse at all.
 */
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    char *data;
    size_t len;
} Blob;

static size_t decoded_bytes; /* keeps the decode observable */

static void die(const char *what, const char *detail) {
    fprintf(stderr, "gmime_bench: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static int read_file(const char *path, Blob *out) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (len == cap) buf = realloc(buf, cap *= 2);
        size_t n = fread(buf + len, 1, cap - len, f);
        if (n == 0) break;
        len += n;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        return -1;
    }
    out->data = buf;
    out->len = len;
    return 0;
}

static void decode_leaf(GMimePart *part) {
    GMimeDataWrapper *content = g_mime_part_get_content(part);
    if (!content) return;
    GMimeStream *mem = g_mime_stream_mem_new();
    GMimeStream *out = mem;
    GMimeContentType *type = g_mime_object_get_content_type((GMimeObject *) part);
    if (type && g_mime_content_type_is_type(type, "text", "*")) {
        const char *charset = g_mime_object_get_content_type_parameter((GMimeObject *) part, "charset");
        if (charset && g_ascii_strcasecmp(charset, "utf-8") != 0 && g_ascii_strcasecmp(charset, "us-ascii") != 0) {
            GMimeFilter *filter = g_mime_filter_charset_new(charset, "UTF-8");
            if (filter) { /* NULL when iconv does not know the charset: keep the bytes */
                out = g_mime_stream_filter_new(mem);
                g_mime_stream_filter_add((GMimeStreamFilter *) out, filter);
                g_object_unref(filter);
            }
        }
    }
    /* Writes the content decoded from its Content-Transfer-Encoding. */
    g_mime_data_wrapper_write_to_stream(content, out);
    g_mime_stream_flush(out);
    GByteArray *bytes = g_mime_stream_mem_get_byte_array((GMimeStreamMem *) mem);
    decoded_bytes += bytes ? bytes->len : 0;
    if (out != mem) g_object_unref(out);
    g_object_unref(mem);
}

static void walk(GMimeObject *object) {
    if (!object) return;
    if (GMIME_IS_MULTIPART(object)) {
        GMimeMultipart *multipart = (GMimeMultipart *) object;
        int count = g_mime_multipart_get_count(multipart);
        for (int i = 0; i < count; i++) walk(g_mime_multipart_get_part(multipart, i));
    } else if (GMIME_IS_MESSAGE_PART(object)) {
        GMimeMessage *inner = g_mime_message_part_get_message((GMimeMessagePart *) object);
        if (inner) walk(g_mime_message_get_mime_part(inner));
    } else if (GMIME_IS_PART(object)) {
        decode_leaf((GMimePart *) object);
    }
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    const char *list = NULL;
    long repeat = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            repeat = strtol(argv[++i], NULL, 10);
        } else if (!list) {
            list = argv[i];
        } else {
            die("usage: gmime_bench LISTFILE [--repeat R]", NULL);
        }
    }
    if (!list || repeat < 1) die("usage: gmime_bench LISTFILE [--repeat R]", NULL);

    FILE *f = fopen(list, "r");
    if (!f) die("cannot open the list file", list);
    size_t count = 0, cap = 1024, total = 0;
    Blob *blobs = malloc(cap * sizeof *blobs);
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t n;
    while ((n = getline(&line, &line_cap, f)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (n == 0) continue;
        if (count == cap) blobs = realloc(blobs, (cap *= 2) * sizeof *blobs);
        if (read_file(line, &blobs[count]) != 0) die("cannot read", line);
        total += blobs[count++].len;
    }
    free(line);
    fclose(f);
    if (count == 0) die("the list file names no files", list);

    g_mime_init();
    GMimeParserOptions *options = g_mime_parser_options_get_default();
    long errors = 0;
    double start = now();
    for (long r = 0; r < repeat; r++) {
        for (size_t i = 0; i < count; i++) {
            GMimeStream *stream = g_mime_stream_mem_new_with_buffer(blobs[i].data, blobs[i].len);
            GMimeParser *parser = g_mime_parser_new_with_stream(stream);
            GMimeMessage *message = g_mime_parser_construct_message(parser, options);
            if (message) {
                walk(g_mime_message_get_mime_part(message));
                g_object_unref(message);
            } else {
                errors++;
            }
            g_object_unref(parser);
            g_object_unref(stream);
        }
    }
    double seconds = now() - start;
    g_mime_shutdown();

    printf("{\"parser\": \"gmime\", \"messages\": %zu, \"bytes\": %zu, \"seconds\": %.6f, \"errors\": %ld}\n",
           count * (size_t) repeat, total * (size_t) repeat, seconds, errors);
    fprintf(stderr, "gmime_bench: %zu decoded bytes\n", decoded_bytes);
    for (size_t i = 0; i < count; i++) free(blobs[i].data);
    free(blobs);
    return 0;
}
