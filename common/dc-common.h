/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-card.h"
#include "dc-error.h"
#include "dc-money.h"
#include "dc-condition.h"
#include "dc-finish.h"
#include "dc-language.h"
#include "dc-csv.h"
#include "dc-collection-import.h"
#include "dc-collection-export.h"

#include "dc-list-items.h"
#include "dc-sync.h"
