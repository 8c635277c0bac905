/* Addressing of refinable parameters: where each lives and its name (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>

#include "model/model.h"

double *xrdi_param_ptr(xrdi_model *m, xrdi_pref r)
{
    xrd_instrument *in = &m->inst;
    switch (r.kind) {
    case XRDI_P_ZERO: return &in->zero_deg;
    case XRDI_P_DISP: return &in->displacement_mm;
    case XRDI_P_U: return &in->uvwxy[0];
    case XRDI_P_V: return &in->uvwxy[1];
    case XRDI_P_W: return &in->uvwxy[2];
    case XRDI_P_X: return &in->uvwxy[3];
    case XRDI_P_Y: return &in->uvwxy[4];
    case XRDI_P_ASYM: return &in->asym_sl;
    case XRDI_P_K2RATIO: return &in->rad.weight[1];
    case XRDI_P_BKG: return &m->bkg.cheb[r.index];
    case XRDI_P_INVX: return &m->bkg.inv_x;
    case XRDI_P_HUMP_H: return &m->bkg.hump_height;
    case XRDI_P_HUMP_C: return &m->bkg.hump_center_deg;
    case XRDI_P_HUMP_W: return &m->bkg.hump_fwhm_deg;
    case XRDI_P_FILM_A: return &m->bkg.film_amp;
    case XRDI_P_FILM_P: return &m->bkg.film_power;
    case XRDI_P_RING_H: return &m->bkg.ring_height[r.index];
    case XRDI_P_RING_C: return &m->bkg.ring_center_deg[r.index];
    case XRDI_P_RING_W: return &m->bkg.ring_fwhm_deg[r.index];
    case XRDI_P_CELL: {
        xrd_cell *c = &m->ph[r.phase].phase.cell;
        double *v[6] = {&c->a, &c->b, &c->c, &c->alpha, &c->beta, &c->gamma};
        int which = m->ph[r.phase].cell_idx[r.index];
        return which >= 0 && which < 6 ? v[which] : NULL;
    }
    case XRDI_P_SIZE: return &m->ph[r.phase].size_inv;
    case XRDI_P_SIZE_G: return &m->ph[r.phase].size_g_ratio;
    case XRDI_P_STRAIN: return &m->ph[r.phase].strain;
    case XRDI_P_SCALE: return &m->ph[r.phase].scale;
    case XRDI_P_INTENSITY: return &m->ph[r.phase].refl[r.index].intensity;
    case XRDI_P_CLUSTER: return &m->cluster_scale[r.index];
    case XRDI_P_WAVELENGTH: return &in->rad.lambda_A[0];
    case XRDI_P_BISO: return &m->ph[r.phase].biso_shift;
    case XRDI_P_MD: return &m->ph[r.phase].md_r;
    case XRDI_P_SR_P: return &m->sr_p;
    case XRDI_P_SR_Q: return &m->sr_q;
    case XRDI_P_RADIAL: return &in->radial_k3_A2;
    case XRDI_P_FAULT: return &m->ph[r.phase].fault_alpha;
    case XRDI_P_TWIN: return &m->ph[r.phase].twin_beta;
    case XRDI_P_SIZE_SIGMA: return &m->ph[r.phase].size_sigma;
    }
    return NULL;
}

void xrdi_param_name(const xrdi_model *m, xrdi_pref r, char *buf, size_t n)
{
    const char *ph = r.phase >= 0 ? m->ph[r.phase].phase.name : "";
    switch (r.kind) {
    case XRDI_P_ZERO: snprintf(buf, n, "zero_deg"); return;
    case XRDI_P_DISP: snprintf(buf, n, "displacement_mm"); return;
    case XRDI_P_U: snprintf(buf, n, "U"); return;
    case XRDI_P_V: snprintf(buf, n, "V"); return;
    case XRDI_P_W: snprintf(buf, n, "W"); return;
    case XRDI_P_X: snprintf(buf, n, "X"); return;
    case XRDI_P_Y: snprintf(buf, n, "Y"); return;
    case XRDI_P_ASYM: snprintf(buf, n, "asym_SL_HL"); return;
    case XRDI_P_K2RATIO: snprintf(buf, n, "ka2_ratio"); return;
    case XRDI_P_BKG: snprintf(buf, n, "bkg%d", r.index); return;
    case XRDI_P_INVX: snprintf(buf, n, "bkg_inv_x"); return;
    case XRDI_P_HUMP_H: snprintf(buf, n, "hump_height"); return;
    case XRDI_P_HUMP_C: snprintf(buf, n, "hump_center_deg"); return;
    case XRDI_P_HUMP_W: snprintf(buf, n, "hump_fwhm_deg"); return;
    case XRDI_P_FILM_A: snprintf(buf, n, "film_amp"); return;
    case XRDI_P_FILM_P: snprintf(buf, n, "film_power"); return;
    case XRDI_P_RING_H: snprintf(buf, n, "film_ring%d_height", r.index + 1); return;
    case XRDI_P_RING_C: snprintf(buf, n, "film_ring%d_center_deg", r.index + 1); return;
    case XRDI_P_RING_W: snprintf(buf, n, "film_ring%d_fwhm_deg", r.index + 1); return;
    case XRDI_P_CELL: {
        static const char *const nm[6] = {"a_A", "b_A", "c_A", "alpha_deg", "beta_deg",
                                          "gamma_deg"};
        int which = m->ph[r.phase].cell_idx[r.index];
        snprintf(buf, n, "%s.%s", ph, which >= 0 && which < 6 ? nm[which] : "?");
        return;
    }
    case XRDI_P_SIZE: snprintf(buf, n, "%s.inv_size_per_nm", ph); return;
    case XRDI_P_SIZE_G: snprintf(buf, n, "%s.size_g_ratio", ph); return;
    case XRDI_P_STRAIN: snprintf(buf, n, "%s.strain", ph); return;
    case XRDI_P_SCALE: snprintf(buf, n, "%s.scale", ph); return;
    case XRDI_P_INTENSITY: {
        const xrdi_refl *q = &m->ph[r.phase].refl[r.index];
        snprintf(buf, n, "%s.I(%d%d%d)", ph, q->h, q->k, q->l);
        return;
    }
    case XRDI_P_CLUSTER: snprintf(buf, n, "cluster%d.scale", r.index); return;
    case XRDI_P_WAVELENGTH: snprintf(buf, n, "wavelength_A"); return;
    case XRDI_P_BISO: snprintf(buf, n, "%s.dBiso_A2", ph); return;
    case XRDI_P_MD: snprintf(buf, n, "%s.march_dollase_r", ph); return;
    case XRDI_P_SR_P: snprintf(buf, n, "surface_roughness_P"); return;
    case XRDI_P_SR_Q: snprintf(buf, n, "surface_roughness_Q"); return;
    case XRDI_P_RADIAL: snprintf(buf, n, "radial_k3_A2"); return;
    case XRDI_P_FAULT: snprintf(buf, n, "%s.fault_alpha", ph); return;
    case XRDI_P_TWIN: snprintf(buf, n, "%s.twin_beta", ph); return;
    case XRDI_P_SIZE_SIGMA: snprintf(buf, n, "%s.size_sigma", ph); return;
    }
    snprintf(buf, n, "?");
}
