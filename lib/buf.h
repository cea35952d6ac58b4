/*
 * buf.h - a growable byte buffer for building text.
 *
 * The buffer always holds a NUL after its contents, so b->b_data is a
 * C string.  buf_free() accepts NULL.  buf_take() hands the contents to
 * the caller (free(3) them) and frees the buffer.
 */
#ifndef HYVE_BUF_H
#define HYVE_BUF_H

#include <stddef.h>

struct buf {
	char	*b_data;
	size_t	 b_len;
	size_t	 b_cap;
};

struct buf	*buf_new(void);
void		 buf_free(struct buf *);
char		*buf_take(struct buf *);
void		 buf_reset(struct buf *);
void		 buf_add(struct buf *, const void *, size_t);
void		 buf_adds(struct buf *, const char *);
void		 buf_addc(struct buf *, int);
char		*buf_extend(struct buf *, size_t);
void		 buf_addf(struct buf *, const char *, ...)
		    __attribute__((__format__(__printf__, 2, 3)));

#endif /* HYVE_BUF_H */
