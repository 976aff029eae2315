/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-list-items"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dc-error.h"
#include "dc-language.h"
#include "dc-list-items.h"
#include "dc-money.h"

/* --- shared helpers ------------------------------------------------------------------ */

gboolean
dc_is_uuid (const char *text)
{
  return text != NULL && g_uuid_string_is_valid (text);
}

gboolean
dc_is_iso_date (const char *text)
{
  int y, m, d;
  char tail;

  if (text == NULL || strlen (text) != 10 ||
      sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  return g_date_valid_dmy (d, m, y);
}

char *
dc_ms_to_rfc3339 (gint64 ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);

  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

gint64
dc_rfc3339_to_ms (const char *text)
{
  g_autoptr(GDateTime) dt = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return dt ? g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000 : 0;
}

typedef enum
{
  FIELD_ABSENT,
  FIELD_NULL,
  FIELD_SET,
  FIELD_ERROR,
} FieldState;

static JsonNode *
member (JsonObject *fields,
        const char *name)
{
  return json_object_get_member (fields, name);
}

static FieldState
read_string (JsonObject  *fields,
             const char  *name,
             gboolean     nullable,
             guint        max_chars,
             const char **out,
             GError     **error)
{
  JsonNode *node = member (fields, name);
  const char *value;

  if (node == NULL)
    return FIELD_ABSENT;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (nullable)
        {
          *out = NULL;
          return FIELD_NULL;
        }
      dc_api_error_set_field (error, name, "%s is required", name);
      return FIELD_ERROR;
    }
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      dc_api_error_set_field (error, name, "%s must be a string", name);
      return FIELD_ERROR;
    }
  value = json_node_get_string (node);
  if (!g_utf8_validate (value, -1, NULL) ||
      (max_chars > 0 && g_utf8_strlen (value, -1) > (glong) max_chars))
    {
      dc_api_error_set_field (error, name, "%s must be at most %u characters", name, max_chars);
      return FIELD_ERROR;
    }
  *out = value;
  return FIELD_SET;
}

static gboolean
apply_string (JsonObject  *fields,
              const char  *name,
              gboolean     nullable,
              guint        max_chars,
              char       **target,
              GError     **error)
{
  const char *value = NULL;

  switch (read_string (fields, name, nullable, max_chars, &value, error))
    {
    case FIELD_ERROR:
      return FALSE;
    case FIELD_ABSENT:
      return TRUE;
    case FIELD_NULL:
    case FIELD_SET:
    default:
      g_free (*target);
      *target = (value && *value) || !nullable ? g_strdup (value) : NULL;
      return TRUE;
    }
}

static gboolean
apply_int (JsonObject  *fields,
           const char  *name,
           gint64       min,
           gint64       max,
           int         *target,
           GError     **error)
{
  JsonNode *node = member (fields, name);
  gint64 value;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      dc_api_error_set_field (error, name, "%s must be a whole number", name);
      return FALSE;
    }
  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      dc_api_error_set_field (error, name, "%s must be from %" G_GINT64_FORMAT " to %"
                              G_GINT64_FORMAT, name, min, max);
      return FALSE;
    }
  *target = (int) value;
  return TRUE;
}

static gboolean
apply_bool (JsonObject  *fields,
            const char  *name,
            gboolean    *target,
            GError     **error)
{
  JsonNode *node = member (fields, name);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      dc_api_error_set_field (error, name, "%s must be true or false", name);
      return FALSE;
    }
  *target = json_node_get_boolean (node);
  return TRUE;
}

/* Money is an exact decimal string; a JSON number is refused rather than rounded. */
static gboolean
apply_money (JsonObject  *fields,
             const char  *name,
             gboolean    *has_target,
             gint64      *target,
             GError     **error)
{
  const char *text = NULL;
  gint64 minor;

  switch (read_string (fields, name, TRUE, 32, &text, error))
    {
    case FIELD_ERROR:
      {
        JsonNode *node = member (fields, name);
        if (node && JSON_NODE_HOLDS_VALUE (node) &&
            json_node_get_value_type (node) != G_TYPE_STRING)
          {
            g_clear_error (error);
            dc_api_error_set_field (error, name,
                                    "%s must be a decimal string such as \"10.00\"", name);
          }
        return FALSE;
      }
    case FIELD_ABSENT:
      return TRUE;
    case FIELD_NULL:
      *has_target = FALSE;
      *target = 0;
      return TRUE;
    case FIELD_SET:
    default:
      break;
    }
  if (*text == '\0')
    {
      *has_target = FALSE;
      *target = 0;
      return TRUE;
    }
  if (!dc_money_parse_decimal (text, &minor, NULL) || minor < 0)
    {
      dc_api_error_set_field (error, name, "%s must be an amount such as \"10.00\"", name);
      return FALSE;
    }
  *has_target = TRUE;
  *target = minor;
  return TRUE;
}

static gboolean
apply_condition (JsonObject   *fields,
                 const char   *name,
                 DcCondition  *target,
                 GError      **error)
{
  const char *text = NULL;
  DcCondition condition;

  switch (read_string (fields, name, FALSE, 32, &text, error))
    {
    case FIELD_ERROR:
      return FALSE;
    case FIELD_ABSENT:
      return TRUE;
    default:
      break;
    }
  condition = dc_condition_from_string (text);
  if (condition == DC_CONDITION_UNKNOWN)
    {
      dc_api_error_set_field (error, name, "%s must be one of M, NM, LP, MP, HP, DMG", name);
      return FALSE;
    }
  *target = condition;
  return TRUE;
}

static gboolean
apply_finish (JsonObject  *fields,
              const char  *name,
              gboolean     allow_any,
              DcFinish    *target,
              GError     **error)
{
  const char *text = NULL;
  DcFinish finish;

  switch (read_string (fields, name, FALSE, 32, &text, error))
    {
    case FIELD_ERROR:
      return FALSE;
    case FIELD_ABSENT:
      return TRUE;
    default:
      break;
    }
  if (allow_any && g_strcmp0 (text, "any") == 0)
    {
      *target = DC_FINISH_UNKNOWN;
      return TRUE;
    }
  finish = dc_finish_from_string (text);
  if (finish == DC_FINISH_UNKNOWN)
    {
      dc_api_error_set_field (error, name, allow_any ? "%s must be any, nonfoil, foil or etched"
                                                     : "%s must be nonfoil, foil or etched",
                              name);
      return FALSE;
    }
  *target = finish;
  return TRUE;
}

static gboolean
apply_language (JsonObject  *fields,
                const char  *name,
                gboolean     allow_any,
                char       **target,
                GError     **error)
{
  const char *text = NULL;
  const char *code;

  switch (read_string (fields, name, FALSE, 32, &text, error))
    {
    case FIELD_ERROR:
      return FALSE;
    case FIELD_ABSENT:
      return TRUE;
    default:
      break;
    }
  code = dc_language_normalize (text, allow_any);
  if (code == NULL)
    {
      dc_api_error_set_field (error, name, "%s is not a known language code", name);
      return FALSE;
    }
  g_free (*target);
  *target = g_strdup (code);
  return TRUE;
}

static gboolean
apply_uuid (JsonObject  *fields,
            const char  *name,
            gboolean     nullable,
            char       **target,
            GError     **error)
{
  const char *text = NULL;

  switch (read_string (fields, name, nullable, 64, &text, error))
    {
    case FIELD_ERROR:
      return FALSE;
    case FIELD_ABSENT:
      return TRUE;
    case FIELD_NULL:
      g_clear_pointer (target, g_free);
      return TRUE;
    default:
      break;
    }
  if (!dc_is_uuid (text))
    {
      dc_api_error_set_field (error, name, "%s must be a UUID", name);
      return FALSE;
    }
  g_free (*target);
  *target = g_ascii_strdown (text, -1);
  return TRUE;
}

static void
set_money_member (JsonObject *object,
                  const char *name,
                  gboolean    has,
                  gint64      minor)
{
  if (has)
    {
      g_autofree char *text = dc_money_format_decimal (minor);
      json_object_set_string_member (object, name, text);
    }
  else
    json_object_set_null_member (object, name);
}

static void
set_nullable_string (JsonObject *object,
                     const char *name,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static void
set_common_members (JsonObject *object,
                    gint64      rev,
                    gboolean    deleted,
                    gint64      created_at,
                    gint64      updated_at)
{
  json_object_set_int_member (object, "rev", rev);
  if (deleted)
    json_object_set_boolean_member (object, "deleted", TRUE);
  if (created_at > 0)
    {
      g_autofree char *text = dc_ms_to_rfc3339 (created_at);
      json_object_set_string_member (object, "created_at", text);
    }
  if (updated_at > 0)
    {
      g_autofree char *text = dc_ms_to_rfc3339 (updated_at);
      json_object_set_string_member (object, "updated_at", text);
    }
}

static void
read_common_members (JsonObject *object,
                     char      **id,
                     gint64     *rev,
                     gboolean   *deleted,
                     gint64     *created_at,
                     gint64     *updated_at)
{
  g_free (*id);
  *id = g_strdup (json_object_get_string_member_with_default (object, "id", NULL));
  *rev = json_object_get_int_member_with_default (object, "rev", 0);
  *deleted = json_object_get_boolean_member_with_default (object, "deleted", FALSE);
  *created_at = dc_rfc3339_to_ms (json_object_get_string_member_with_default (object,
                                                                              "created_at",
                                                                              NULL));
  *updated_at = dc_rfc3339_to_ms (json_object_get_string_member_with_default (object,
                                                                              "updated_at",
                                                                              NULL));
}

/* --- inventory items ----------------------------------------------------------------- */

DcInventoryItem *
dc_inventory_item_new (void)
{
  DcInventoryItem *item = g_new0 (DcInventoryItem, 1);

  item->quantity = 1;
  item->condition = DC_CONDITION_NM;
  item->finish = DC_FINISH_NONFOIL;
  item->language = g_strdup ("en");
  memcpy (item->acquisition_currency, "USD", 4);
  return item;
}

DcInventoryItem *
dc_inventory_item_copy (const DcInventoryItem *item)
{
  DcInventoryItem *copy = g_memdup2 (item, sizeof *item);

  copy->id = g_strdup (item->id);
  copy->card_id = g_strdup (item->card_id);
  copy->language = g_strdup (item->language);
  copy->acquired_on = g_strdup (item->acquired_on);
  copy->source = g_strdup (item->source);
  copy->notes = g_strdup (item->notes);
  return copy;
}

void
dc_inventory_item_free (DcInventoryItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->card_id);
  g_free (item->language);
  g_free (item->acquired_on);
  g_free (item->source);
  g_free (item->notes);
  g_free (item);
}

gboolean
dc_inventory_item_apply_json (DcInventoryItem  *item,
                              JsonObject       *fields,
                              GError          **error)
{
  const char *currency = NULL;
  const char *date = NULL;

  if (!apply_uuid (fields, "card_id", FALSE, &item->card_id, error) ||
      !apply_int (fields, "quantity", 1, 1000000, &item->quantity, error) ||
      !apply_condition (fields, "condition", &item->condition, error) ||
      !apply_finish (fields, "finish", FALSE, &item->finish, error) ||
      !apply_language (fields, "language", FALSE, &item->language, error) ||
      !apply_money (fields, "acquisition_price", &item->has_acquisition_price,
                    &item->acquisition_price, error) ||
      !apply_string (fields, "source", TRUE, 200, &item->source, error) ||
      !apply_string (fields, "notes", TRUE, DC_NOTES_MAX_CHARS, &item->notes, error))
    return FALSE;

  switch (read_string (fields, "acquisition_currency", TRUE, 8, &currency, error))
    {
    case FIELD_ERROR:
      return FALSE;
    case FIELD_SET:
      {
        g_autofree char *upper = g_ascii_strup (currency, -1);
        if (!dc_currency_is_valid (upper))
          {
            dc_api_error_set_field (error, "acquisition_currency",
                                    "acquisition_currency must be a currency code such as USD");
            return FALSE;
          }
        g_strlcpy (item->acquisition_currency, upper, sizeof item->acquisition_currency);
      }
      break;
    case FIELD_NULL:
      memcpy (item->acquisition_currency, "USD", 4);
      break;
    case FIELD_ABSENT:
    default:
      break;
    }

  switch (read_string (fields, "acquired_on", TRUE, 10, &date, error))
    {
    case FIELD_ERROR:
      return FALSE;
    case FIELD_SET:
      if (*date != '\0' && !dc_is_iso_date (date))
        {
          dc_api_error_set_field (error, "acquired_on", "acquired_on must be a date YYYY-MM-DD");
          return FALSE;
        }
      g_free (item->acquired_on);
      item->acquired_on = *date ? g_strdup (date) : NULL;
      break;
    case FIELD_NULL:
      g_clear_pointer (&item->acquired_on, g_free);
      break;
    case FIELD_ABSENT:
    default:
      break;
    }
  return TRUE;
}

gboolean
dc_inventory_item_validate (const DcInventoryItem  *item,
                            GError                **error)
{
  if (!dc_is_uuid (item->id))
    {
      dc_api_error_set_field (error, "id", "id must be a UUID");
      return FALSE;
    }
  if (item->card_id == NULL)
    {
      dc_api_error_set_field (error, "card_id", "card_id is required");
      return FALSE;
    }
  if (item->quantity < 1)
    {
      dc_api_error_set_field (error, "quantity", "quantity must be at least 1");
      return FALSE;
    }
  return TRUE;
}

JsonObject *
dc_inventory_item_to_json (const DcInventoryItem *item)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", item->id);
  json_object_set_string_member (object, "card_id", item->card_id);
  json_object_set_int_member (object, "quantity", item->quantity);
  json_object_set_string_member (object, "condition", dc_condition_to_string (item->condition));
  json_object_set_string_member (object, "finish", dc_finish_to_string (item->finish));
  json_object_set_string_member (object, "language", item->language);
  set_money_member (object, "acquisition_price", item->has_acquisition_price,
                    item->acquisition_price);
  json_object_set_string_member (object, "acquisition_currency", item->acquisition_currency);
  set_nullable_string (object, "acquired_on", item->acquired_on);
  set_nullable_string (object, "source", item->source);
  set_nullable_string (object, "notes", item->notes);
  set_common_members (object, item->rev, item->deleted, item->created_at, item->updated_at);
  return object;
}

DcInventoryItem *
dc_inventory_item_from_json (JsonObject  *object,
                             GError     **error)
{
  g_autoptr(DcInventoryItem) item = dc_inventory_item_new ();

  read_common_members (object, &item->id, &item->rev, &item->deleted, &item->created_at,
                       &item->updated_at);
  if (!dc_inventory_item_apply_json (item, object, error))
    return NULL;
  return g_steal_pointer (&item);
}

/* --- have items ---------------------------------------------------------------------- */

DcHaveItem *
dc_have_item_new (void)
{
  DcHaveItem *item = g_new0 (DcHaveItem, 1);

  item->quantity = 1;
  item->is_active = TRUE;
  item->trade_for_wants_only = FALSE;
  return item;
}

DcHaveItem *
dc_have_item_copy (const DcHaveItem *item)
{
  DcHaveItem *copy = g_memdup2 (item, sizeof *item);

  copy->id = g_strdup (item->id);
  copy->inventory_item_id = g_strdup (item->inventory_item_id);
  copy->notes = g_strdup (item->notes);
  return copy;
}

void
dc_have_item_free (DcHaveItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->inventory_item_id);
  g_free (item->notes);
  g_free (item);
}

gboolean
dc_have_item_apply_json (DcHaveItem  *item,
                         JsonObject  *fields,
                         GError     **error)
{
  return apply_uuid (fields, "inventory_item_id", FALSE, &item->inventory_item_id, error) &&
         apply_int (fields, "quantity", 1, 1000000, &item->quantity, error) &&
         apply_money (fields, "min_trade_value", &item->has_min_trade_value,
                      &item->min_trade_value, error) &&
         apply_bool (fields, "trade_for_wants_only", &item->trade_for_wants_only, error) &&
         apply_string (fields, "notes", TRUE, DC_NOTES_MAX_CHARS, &item->notes, error) &&
         apply_bool (fields, "is_active", &item->is_active, error);
}

gboolean
dc_have_item_validate (const DcHaveItem  *item,
                       GError           **error)
{
  if (!dc_is_uuid (item->id))
    {
      dc_api_error_set_field (error, "id", "id must be a UUID");
      return FALSE;
    }
  if (item->inventory_item_id == NULL)
    {
      dc_api_error_set_field (error, "inventory_item_id", "inventory_item_id is required");
      return FALSE;
    }
  if (item->quantity < 1)
    {
      dc_api_error_set_field (error, "quantity", "quantity must be at least 1");
      return FALSE;
    }
  return TRUE;
}

JsonObject *
dc_have_item_to_json (const DcHaveItem *item)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", item->id);
  json_object_set_string_member (object, "inventory_item_id", item->inventory_item_id);
  json_object_set_int_member (object, "quantity", item->quantity);
  set_money_member (object, "min_trade_value", item->has_min_trade_value,
                    item->min_trade_value);
  json_object_set_boolean_member (object, "trade_for_wants_only", item->trade_for_wants_only);
  set_nullable_string (object, "notes", item->notes);
  json_object_set_boolean_member (object, "is_active", item->is_active);
  set_common_members (object, item->rev, item->deleted, item->created_at, item->updated_at);
  return object;
}

DcHaveItem *
dc_have_item_from_json (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(DcHaveItem) item = dc_have_item_new ();

  read_common_members (object, &item->id, &item->rev, &item->deleted, &item->created_at,
                       &item->updated_at);
  if (!dc_have_item_apply_json (item, object, error))
    return NULL;
  return g_steal_pointer (&item);
}

/* --- want items ---------------------------------------------------------------------- */

static const char *priorities[] = { "low", "medium", "high" };

const char *
dc_want_priority_to_string (DcWantPriority priority)
{
  return (guint) priority < G_N_ELEMENTS (priorities) ? priorities[priority] : "medium";
}

gboolean
dc_want_priority_from_string (const char     *text,
                              DcWantPriority *out_priority)
{
  for (guint i = 0; text && i < G_N_ELEMENTS (priorities); i++)
    if (g_ascii_strcasecmp (text, priorities[i]) == 0)
      {
        *out_priority = (DcWantPriority) i;
        return TRUE;
      }
  return FALSE;
}

DcWantItem *
dc_want_item_new (void)
{
  DcWantItem *item = g_new0 (DcWantItem, 1);

  item->quantity = 1;
  item->condition_min = DC_CONDITION_LP;
  item->finish = DC_FINISH_UNKNOWN;
  item->language = g_strdup ("any");
  item->priority = DC_WANT_PRIORITY_MEDIUM;
  item->alert_enabled = TRUE;
  item->is_public = TRUE;
  item->is_active = TRUE;
  return item;
}

DcWantItem *
dc_want_item_copy (const DcWantItem *item)
{
  DcWantItem *copy = g_memdup2 (item, sizeof *item);

  copy->id = g_strdup (item->id);
  copy->card_id = g_strdup (item->card_id);
  copy->oracle_id = g_strdup (item->oracle_id);
  copy->language = g_strdup (item->language);
  copy->notes = g_strdup (item->notes);
  return copy;
}

void
dc_want_item_free (DcWantItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->card_id);
  g_free (item->oracle_id);
  g_free (item->language);
  g_free (item->notes);
  g_free (item);
}

gboolean
dc_want_item_apply_json (DcWantItem  *item,
                         JsonObject  *fields,
                         GError     **error)
{
  const char *text = NULL;

  if (!apply_uuid (fields, "card_id", TRUE, &item->card_id, error) ||
      !apply_uuid (fields, "oracle_id", TRUE, &item->oracle_id, error) ||
      !apply_int (fields, "quantity", 1, 99, &item->quantity, error) ||
      !apply_condition (fields, "condition_min", &item->condition_min, error) ||
      !apply_finish (fields, "finish", TRUE, &item->finish, error) ||
      !apply_language (fields, "language", TRUE, &item->language, error) ||
      !apply_money (fields, "target_price", &item->has_target_price, &item->target_price,
                    error) ||
      !apply_money (fields, "max_trade_value", &item->has_max_trade_value,
                    &item->max_trade_value, error) ||
      !apply_bool (fields, "alert_enabled", &item->alert_enabled, error) ||
      !apply_bool (fields, "is_public", &item->is_public, error) ||
      !apply_bool (fields, "is_active", &item->is_active, error) ||
      !apply_string (fields, "notes", TRUE, DC_NOTES_MAX_CHARS, &item->notes, error))
    return FALSE;

  /* Naming one kind of target replaces the other: a want is for a printing or for any. */
  if (json_object_has_member (fields, "card_id") && item->card_id != NULL &&
      !json_object_has_member (fields, "oracle_id"))
    g_clear_pointer (&item->oracle_id, g_free);
  if (json_object_has_member (fields, "oracle_id") && item->oracle_id != NULL &&
      !json_object_has_member (fields, "card_id"))
    g_clear_pointer (&item->card_id, g_free);

  switch (read_string (fields, "priority", FALSE, 16, &text, error))
    {
    case FIELD_ERROR:
      return FALSE;
    case FIELD_SET:
      if (!dc_want_priority_from_string (text, &item->priority))
        {
          dc_api_error_set_field (error, "priority", "priority must be low, medium or high");
          return FALSE;
        }
      break;
    default:
      break;
    }
  return TRUE;
}

gboolean
dc_want_item_validate (const DcWantItem  *item,
                       GError           **error)
{
  if (!dc_is_uuid (item->id))
    {
      dc_api_error_set_field (error, "id", "id must be a UUID");
      return FALSE;
    }
  if ((item->card_id == NULL) == (item->oracle_id == NULL))
    {
      dc_api_error_set_field (error, "card_id",
                              "A want names either a printing (card_id) or any printing "
                              "(oracle_id)");
      return FALSE;
    }
  if (item->quantity < 1 || item->quantity > 99)
    {
      dc_api_error_set_field (error, "quantity", "quantity must be from 1 to 99");
      return FALSE;
    }
  return TRUE;
}

JsonObject *
dc_want_item_to_json (const DcWantItem *item)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", item->id);
  set_nullable_string (object, "card_id", item->card_id);
  set_nullable_string (object, "oracle_id", item->oracle_id);
  json_object_set_int_member (object, "quantity", item->quantity);
  json_object_set_string_member (object, "condition_min",
                                 dc_condition_to_string (item->condition_min));
  json_object_set_string_member (object, "finish", item->finish == DC_FINISH_UNKNOWN
                                                     ? "any" : dc_finish_to_string (item->finish));
  json_object_set_string_member (object, "language", item->language);
  set_money_member (object, "target_price", item->has_target_price, item->target_price);
  set_money_member (object, "max_trade_value", item->has_max_trade_value,
                    item->max_trade_value);
  json_object_set_string_member (object, "priority", dc_want_priority_to_string (item->priority));
  json_object_set_boolean_member (object, "alert_enabled", item->alert_enabled);
  json_object_set_boolean_member (object, "is_public", item->is_public);
  json_object_set_boolean_member (object, "is_active", item->is_active);
  set_nullable_string (object, "notes", item->notes);
  set_common_members (object, item->rev, item->deleted, item->created_at, item->updated_at);
  return object;
}

DcWantItem *
dc_want_item_from_json (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(DcWantItem) item = dc_want_item_new ();

  read_common_members (object, &item->id, &item->rev, &item->deleted, &item->created_at,
                       &item->updated_at);
  if (!dc_want_item_apply_json (item, object, error))
    return NULL;
  return g_steal_pointer (&item);
}
