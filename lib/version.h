/* version.h - hyve's version. */
#ifndef HYVE_VERSION_H
#define HYVE_VERSION_H

#define HYVE_VERSION	"0.1.0"

#endif /* HYVE_VERSION_H */
