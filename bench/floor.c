/*
 * floor - the least any "list" must do: read the directory of each
 * datastore given and open and read every NAME/NAME.conf in it, as
 * hyve list does, and nothing else.  bench/list.sh times it beside
 * "hyve list" (issue 6: hyve list within 4x of this floor).
 */
#include "compat.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct dirent	*de;
	DIR		*d;
	char		 path[1024], buf[4096];
	size_t		 files = 0, bytes = 0;
	ssize_t		 n;
	int		 i, fd;

	for (i = 1; i < argc; i++) {
		if ((d = opendir(argv[i])) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s/%s.conf", argv[i],
			    de->d_name, de->d_name);
			if ((fd = open(path, O_RDONLY)) == -1)
				continue;
			while ((n = read(fd, buf, sizeof(buf))) > 0)
				bytes += (size_t)n;
			close(fd);
			files++;
		}
		closedir(d);
	}
	printf("%zu files, %zu bytes\n", files, bytes);
	return (0);
}
