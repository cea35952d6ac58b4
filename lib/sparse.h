/*
 * sparse.h - copying guest directories without filling disk holes.
 *
 * A guest disk is usually a sparse file (truncate -s 20G): a copy that
 * wrote every zero would take minutes and use the whole size.  These
 * copy only the data regions (SEEK_DATA/SEEK_HOLE, on FreeBSD and
 * Linux alike), skip blocks of zeros inside them, and end with
 * ftruncate(2) so the copy has the same size and the same holes.
 *
 * Host layer: these touch files.  Errors come back in *cause (caller
 * frees) naming the file.
 */
#ifndef HYVE_SPARSE_H
#define HYVE_SPARSE_H

/*
 * Copy the regular file src to dst, which must not exist, with src's
 * permission bits.  On failure dst is removed.  Returns 0 or -1.
 */
int	sparse_copy(const char *src, const char *dst, char **cause);
/*
 * Copy directory src to dst (which must not exist): its regular files
 * (sparse), subdirectories and symbolic links.  On failure nothing of
 * dst is left.  Returns 0 or -1.
 */
int	sparse_copydir(const char *src, const char *dst, char **cause);
/* Remove path and everything below it (best effort, no symlink follow). */
void	sparse_rmtree(const char *path);

#endif /* HYVE_SPARSE_H */
