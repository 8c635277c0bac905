/* Lookup of the profile strategy tables by kind and by name.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <ctype.h>

#include "profile/profile_internal.h"

static const xrd_profile_type *const all_types[XRD_PROFILE_NKINDS] = {
    &xrdi_profile_gaussian, &xrdi_profile_lorentzian,  &xrdi_profile_pseudo_voigt,
    &xrdi_profile_tch,      &xrdi_profile_pearson7,    &xrdi_profile_split_pearson7,
    &xrdi_profile_voigt,    &xrdi_profile_tch_pearson7,
};

const xrd_profile_type *xrd_profile_get(xrd_profile_kind kind)
{
    for (int i = 0; i < XRD_PROFILE_NKINDS; i++)
        if (all_types[i]->kind == kind)
            return all_types[i];
    return NULL;
}

static int same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

const xrd_profile_type *xrd_profile_by_name(const char *name)
{
    if (!name)
        return NULL;
    for (int i = 0; i < XRD_PROFILE_NKINDS; i++)
        if (same_name(name, all_types[i]->name))
            return all_types[i];
    return NULL;
}
