/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-sync-engine"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "dc-client-enums.h"
#include "dc-collection-store-private.h"
#include "dc-error.h"
#include "dc-sync-engine.h"

/*
 * The sync algorithm (DESIGN §6)
 *
 * Local state. Every edit is written to the local row and appended to the outbox in one
 * SQLite transaction (DcCollectionStore), so the UI never waits and a crash loses nothing.
 * Each list row keeps the server's last version of itself (server_json, at its rev); what
 * the user sees is that version with the row's pending outbox ops replayed on top.
 *
 * One sync is a loop of round trips, each run on the store's writer thread in order with
 * the user's edits:
 *
 *   1. take a batch: the oldest ≤ 500 outbox ops, the cursor and the device id. The ops are
 *      marked as sent (from then on no later edit is merged into them).
 *   2. POST /api/sync {device_id, cursor, ops}. The server applies the ops in order in one
 *      transaction and remembers each op_id's result, so resending a batch whose answer got
 *      lost (a timeout, a crash, a kill) changes nothing twice.
 *   3. apply the answer in one transaction:
 *      - each result drops its op from the outbox; its row (the server's row after the op)
 *        becomes the row's server version when its rev is newer;
 *        ok: nothing more. rejected: the edit broke a rule; conflict: the row was deleted
 *        elsewhere. Both are reported (::rejected / ::conflict with the card's name) and,
 *        with the op gone, the row falls back to the server's version, or away when the
 *        server has none;
 *      - each change (every row of the user with rev > cursor, tombstones included) becomes
 *        the row's server version when its rev is newer;
 *      - every touched row is recomputed: server version + the ops still pending (edits
 *        made while the request was in flight, or beyond this batch). So a server version
 *        never overwrites a local edit that has not been acknowledged: the edit stays on
 *        top until its op is answered. An adjust stays a delta (+1 here and +1 there is +2);
 *        an upsert overwrites only its fields (last writer wins per field, in server order);
 *      - the cursor moves to the answer's cursor.
 *   4. loop while the answer has more changes (has_more), a full batch went out, or edits
 *      arrived meanwhile.
 *
 * Failures. Not reaching the server: state offline, retry with exponential backoff (2 s …
 * 60 s, with jitter). 401: state error, ::signed-out, no retries until the API client's
 * token changes. A request the server refuses as malformed names the op (ops[N].field):
 * that op alone is dropped and reported as rejected, so one bad op cannot block the queue.
 * Other failures: state error, retry with backoff. The outbox is untouched by any failure.
 *
 * Triggers: start, 1 s after the last edit, every 60 s, a "sync" event on the WebSocket,
 * and the WebSocket (re)connecting (the server may have changed while we were away).
 */

#define BATCH_OPS          DC_SYNC_MAX_OPS
#define DEBOUNCE_MS        1000
#define PERIODIC_S         60
#define RETRY_FIRST_MS     2000
#define RETRY_CAP_MS       60000
#define MAX_ROUNDS_PER_RUN 1000

struct _DcSyncEngine
{
  GObject            parent_instance;

  DcCollectionStore *store;
  DcApiClient       *api;
  DcWsClient        *ws;
  GCancellable      *cancellable;

  gboolean           started;
  gboolean           signed_out;
  DcSyncState        state;
  char              *error_message;
  gint64             last_sync_at;
  guint              last_pending;

  /* The run in progress. */
  gboolean           running;
  gboolean           again;
  GPtrArray         *waiters;       /* GTask*: wait for the run in progress */
  GPtrArray         *waiters_next;  /* GTask*: wait for the next run */
  DcSyncRequest     *request;
  DcSyncResponse    *response;
  guint              rounds;
  guint              dropped;

  guint              debounce_id;
  guint              periodic_id;
  guint              retry_id;
  guint              failures;
};

G_DEFINE_FINAL_TYPE (DcSyncEngine, dc_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_PENDING_COUNT,
  PROP_ERROR_MESSAGE,
  PROP_LAST_SYNC_AT,
  N_PROPS
};

enum {
  CONFLICT,
  REJECTED,
  SIGNED_OUT,
  SYNCED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_run   (DcSyncEngine *self);
static void next_round  (DcSyncEngine *self);
static void finish_run  (DcSyncEngine *self,
                         GError       *error);

static void
set_state (DcSyncEngine *self,
           DcSyncState   state,
           const char   *error_message)
{
  if (g_strcmp0 (self->error_message, error_message) != 0)
    {
      g_free (self->error_message);
      self->error_message = g_strdup (error_message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
emit_notice (DcSyncEngine *self,
             DcSyncNotice *notice)
{
  const char *message = notice->message;

  if (message == NULL)
    message = notice->status == DC_SYNC_STATUS_CONFLICT
                ? _("It was deleted on another device")
                : _("The server refused this change");
  g_debug ("%s %s %s: %s", dc_sync_status_to_string (notice->status),
           dc_sync_entity_to_string (notice->entity), notice->id, message);
  g_signal_emit (self,
                 signals[notice->status == DC_SYNC_STATUS_CONFLICT ? CONFLICT : REJECTED], 0,
                 (guint) notice->entity, notice->id, notice->card_name, message);
}

/* --- triggers ------------------------------------------------------------------------ */

static gboolean
retry_cb (gpointer user_data)
{
  DcSyncEngine *self = user_data;

  self->retry_id = 0;
  dc_sync_engine_sync_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (DcSyncEngine *self)
{
  guint step;
  guint delay;

  if (!self->started || self->retry_id != 0)
    return;
  step = MIN ((guint) RETRY_FIRST_MS << MIN (self->failures, 5), (guint) RETRY_CAP_MS);
  delay = step / 2 + (guint) g_random_int_range (0, (gint32) (step / 2) + 1);
  self->failures++;
  g_debug ("Sync: retrying in %u ms", delay);
  self->retry_id = g_timeout_add (delay, retry_cb, self);
}

static gboolean
debounce_cb (gpointer user_data)
{
  DcSyncEngine *self = user_data;

  self->debounce_id = 0;
  dc_sync_engine_sync_now (self);
  return G_SOURCE_REMOVE;
}

static gboolean
periodic_cb (gpointer user_data)
{
  dc_sync_engine_sync_now (user_data);
  return G_SOURCE_CONTINUE;
}

static void
pending_changed_cb (DcSyncEngine *self)
{
  guint pending = dc_collection_store_get_pending_count (self->store);
  gboolean grew = pending > self->last_pending;

  self->last_pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);

  /* An edit: send it once the user pauses. */
  if (grew && self->started)
    {
      g_clear_handle_id (&self->debounce_id, g_source_remove);
      self->debounce_id = g_timeout_add (DEBOUNCE_MS, debounce_cb, self);
    }
}

static void
ws_connected_cb (DcSyncEngine *self)
{
  /* Back in touch: whatever changed while we were away is waiting. */
  if (dc_ws_client_get_connected (self->ws))
    dc_sync_engine_sync_now (self);
}

static void
ws_auth_failed_cb (DcSyncEngine *self)
{
  /* The REST request will say so too; a sync makes it official. */
  dc_sync_engine_sync_now (self);
}

static void
token_changed_cb (DcSyncEngine *self)
{
  if (!self->signed_out || dc_api_client_get_token (self->api) == NULL)
    return;
  self->signed_out = FALSE;
  if (self->started)
    {
      dc_ws_client_start (self->ws);
      dc_sync_engine_sync_now (self);
    }
}

/* --- one run ------------------------------------------------------------------------- */

static void
clear_round (DcSyncEngine *self)
{
  g_clear_pointer (&self->request, dc_sync_request_free);
  g_clear_pointer (&self->response, dc_sync_response_free);
}

static void
finish_run (DcSyncEngine *self,
            GError       *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);
  g_autoptr(GError) owned = error;

  clear_round (self);
  self->running = FALSE;

  if (error == NULL)
    {
      self->failures = 0;
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->last_sync_at = g_get_real_time () / 1000;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC_AT]);
      set_state (self, DC_SYNC_STATE_SYNCED, NULL);
      _dc_collection_store_record_error (self->store, NULL);
      /* The socket may still be waiting out its backoff; the server is clearly back. */
      if (self->started)
        dc_ws_client_reconnect_now (self->ws);
      g_signal_emit (self, signals[SYNCED], 0);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ;
  else if (dc_api_client_error_is_offline (error))
    {
      set_state (self, DC_SYNC_STATE_OFFLINE, NULL);
      _dc_collection_store_record_error (self->store, error->message);
      schedule_retry (self);
    }
  else if (g_error_matches (error, DC_API_ERROR, DC_API_ERROR_UNAUTHORIZED))
    {
      self->signed_out = TRUE;
      self->again = FALSE;
      g_clear_handle_id (&self->retry_id, g_source_remove);
      dc_ws_client_stop (self->ws);
      set_state (self, DC_SYNC_STATE_ERROR,
                 _("You are signed out of this server. Sign in again to sync your changes."));
      _dc_collection_store_record_error (self->store, error->message);
      g_signal_emit (self, signals[SIGNED_OUT], 0);
    }
  else
    {
      g_warning ("Sync failed: %s", error->message);
      set_state (self, DC_SYNC_STATE_ERROR, error->message);
      _dc_collection_store_record_error (self->store, error->message);
      schedule_retry (self);
    }

  for (guint i = 0; waiters && i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }

  if (self->again && !self->signed_out)
    {
      self->again = FALSE;
      start_run (self);
    }
  else if (self->waiters_next->len > 0)
    start_run (self);
}

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DcSyncEngine) self = user_data;
  g_autoptr(GPtrArray) notices = NULL;
  GError *error = NULL;
  gboolean more;

  notices = _dc_collection_store_apply_response_finish (self->store, result, &error);
  if (notices == NULL)
    {
      finish_run (self, error);
      return;
    }
  for (guint i = 0; i < notices->len; i++)
    emit_notice (self, g_ptr_array_index (notices, i));

  /* Edits made meanwhile go out in the same run, as long as the server answers ops. */
  more = self->response->has_more ||
         (self->response->results->len > 0 &&
          dc_collection_store_get_pending_count (self->store) > 0);
  clear_round (self);
  if (more && self->rounds < MAX_ROUNDS_PER_RUN)
    next_round (self);
  else
    finish_run (self, NULL);
}

static void
dropped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DcSyncEngine) self = user_data;
  g_autoptr(DcSyncNotice) notice = NULL;
  GError *error = NULL;

  notice = _dc_collection_store_drop_op_finish (self->store, result, &error);
  if (notice == NULL)
    {
      finish_run (self, error);
      return;
    }
  emit_notice (self, notice);
  clear_round (self);
  next_round (self);
}

/* A 422 for the whole request names the op it could not read: "ops[3].entity". */
static DcSyncOp *
malformed_op (DcSyncEngine *self,
              const GError *error)
{
  JsonObject *details;
  const char *field;
  guint index;

  if (!g_error_matches (error, DC_API_ERROR, DC_API_ERROR_VALIDATION) ||
      (details = dc_api_error_get_details (error)) == NULL)
    return NULL;
  field = json_object_get_string_member_with_default (details, "field", NULL);
  if (field == NULL || sscanf (field, "ops[%u]", &index) != 1 ||
      index >= self->request->ops->len)
    return NULL;
  return g_ptr_array_index (self->request->ops, index);
}

static void
answered_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DcSyncEngine) self = user_data;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;
  DcSyncOp *bad_op;

  node = dc_api_client_request_finish (self->api, result, &error);
  if (node == NULL)
    {
      bad_op = malformed_op (self, error);
      if (bad_op != NULL && self->dropped < BATCH_OPS)
        {
          g_warning ("The server could not read op %s: %s", bad_op->op_id, error->message);
          self->dropped++;
          _dc_collection_store_drop_op_async (self->store, bad_op->op_id, error->message,
                                              self->cancellable, dropped_cb,
                                              g_object_ref (self));
          g_error_free (error);
          return;
        }
      finish_run (self, error);
      return;
    }

  self->response = dc_sync_response_from_json (node, &error);
  if (self->response == NULL)
    {
      g_prefix_error (&error, "%s", _("The server sent an unexpected sync answer: "));
      finish_run (self, error);
      return;
    }
  _dc_collection_store_apply_response_async (self->store, self->request, self->response,
                                             self->cancellable, applied_cb,
                                             g_object_ref (self));
}

static void
batch_taken_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DcSyncEngine) self = user_data;
  g_autoptr(JsonNode) body = NULL;
  GError *error = NULL;

  self->request = _dc_collection_store_take_batch_finish (self->store, result, &error);
  if (self->request == NULL)
    {
      finish_run (self, error);
      return;
    }
  body = dc_sync_request_to_json (self->request);
  dc_api_client_request_async (self->api, "POST", "/api/sync", body, self->cancellable,
                               answered_cb, g_object_ref (self));
}

static void
next_round (DcSyncEngine *self)
{
  self->rounds++;
  _dc_collection_store_take_batch_async (self->store, BATCH_OPS, self->cancellable,
                                         batch_taken_cb, g_object_ref (self));
}

static void
start_run (DcSyncEngine *self)
{
  g_assert (!self->running);

  self->running = TRUE;
  self->rounds = 0;
  self->dropped = 0;
  self->waiters = g_steal_pointer (&self->waiters_next);
  self->waiters_next = g_ptr_array_new_with_free_func (g_object_unref);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  /* Retries while offline keep saying offline rather than flickering. */
  if (self->state != DC_SYNC_STATE_OFFLINE && self->state != DC_SYNC_STATE_ERROR)
    set_state (self, DC_SYNC_STATE_SYNCING, NULL);
  next_round (self);
}

static void
request_run (DcSyncEngine *self,
             GTask        *waiter)
{
  if (waiter != NULL)
    g_ptr_array_add (self->waiters_next, g_object_ref (waiter));
  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  start_run (self);
}

/* --- GObject ------------------------------------------------------------------------- */

static void
dc_sync_engine_dispose (GObject *object)
{
  DcSyncEngine *self = (DcSyncEngine *) object;

  self->started = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_clear_handle_id (&self->periodic_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->ws, self);
      dc_ws_client_stop (self->ws);
    }
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->api != NULL)
    g_signal_handlers_disconnect_by_data (self->api, self);
  g_clear_object (&self->ws);
  g_clear_object (&self->store);
  g_clear_object (&self->api);

  G_OBJECT_CLASS (dc_sync_engine_parent_class)->dispose (object);
}

static void
dc_sync_engine_finalize (GObject *object)
{
  DcSyncEngine *self = (DcSyncEngine *) object;

  clear_round (self);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->waiters_next, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_free (self->error_message);

  G_OBJECT_CLASS (dc_sync_engine_parent_class)->finalize (object);
}

static void
dc_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DcSyncEngine *self = DC_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PENDING_COUNT:
      g_value_set_uint (value, dc_sync_engine_get_pending_count (self));
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_LAST_SYNC_AT:
      g_value_set_int64 (value, self->last_sync_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_sync_engine_class_init (DcSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dc_sync_engine_dispose;
  object_class->finalize = dc_sync_engine_finalize;
  object_class->get_property = dc_sync_engine_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, DC_TYPE_SYNC_STATE, DC_SYNC_STATE_SYNCING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNC_AT] =
    g_param_spec_int64 ("last-sync-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DcSyncEngine::conflict:
   * @entity: the DcSyncEntity of the row
   * @id: the row's id
   * @card_name: (nullable): the card's name, when the local catalog has it
   * @message: what the server said
   *
   * An edit was dropped because the row was deleted on another device; the row is gone.
   */
  signals[CONFLICT] =
    g_signal_new ("conflict", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 4, G_TYPE_UINT, G_TYPE_STRING, G_TYPE_STRING,
                  G_TYPE_STRING);

  /**
   * DcSyncEngine::rejected:
   *
   * The server refused an edit (it broke a rule); the row shows the server's version, or
   * is gone when the server never had it. Arguments as ::conflict.
   */
  signals[REJECTED] =
    g_signal_new ("rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 4, G_TYPE_UINT, G_TYPE_STRING, G_TYPE_STRING,
                  G_TYPE_STRING);

  /**
   * DcSyncEngine::signed-out:
   *
   * The server refused the token (401). Edits stay in the outbox.
   */
  signals[SIGNED_OUT] =
    g_signal_new ("signed-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  /**
   * DcSyncEngine::synced:
   *
   * A sync finished: the outbox as it was is on the server and the server's changes are
   * here.
   */
  signals[SYNCED] =
    g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
dc_sync_engine_init (DcSyncEngine *self)
{
  self->state = DC_SYNC_STATE_SYNCED;
  self->cancellable = g_cancellable_new ();
  self->waiters_next = g_ptr_array_new_with_free_func (g_object_unref);
}

/* --- public API ---------------------------------------------------------------------- */

/**
 * dc_sync_engine_new:
 * @store: the account's collection
 * @api: the API client of the account's server, with its token
 *
 * Returns: (transfer full): a stopped engine; see dc_sync_engine_start()
 */
DcSyncEngine *
dc_sync_engine_new (DcCollectionStore *store,
                    DcApiClient       *api)
{
  DcSyncEngine *self;

  g_return_val_if_fail (DC_IS_COLLECTION_STORE (store), NULL);
  g_return_val_if_fail (DC_IS_API_CLIENT (api), NULL);

  self = g_object_new (DC_TYPE_SYNC_ENGINE, NULL);
  self->store = g_object_ref (store);
  self->api = g_object_ref (api);
  self->ws = dc_ws_client_new (api, dc_collection_store_get_device_id (store));
  self->last_pending = dc_collection_store_get_pending_count (store);

  g_signal_connect_swapped (store, "notify::pending-count", G_CALLBACK (pending_changed_cb),
                            self);
  g_signal_connect_swapped (api, "notify::token", G_CALLBACK (token_changed_cb), self);
  g_signal_connect_swapped (self->ws, "sync-requested", G_CALLBACK (dc_sync_engine_sync_now),
                            self);
  g_signal_connect_swapped (self->ws, "notify::connected", G_CALLBACK (ws_connected_cb), self);
  g_signal_connect_swapped (self->ws, "auth-failed", G_CALLBACK (ws_auth_failed_cb), self);
  return self;
}

/**
 * dc_sync_engine_start:
 *
 * Syncs now and from then on by itself (see #DcSyncEngine).
 */
void
dc_sync_engine_start (DcSyncEngine *self)
{
  g_return_if_fail (DC_IS_SYNC_ENGINE (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->periodic_id = g_timeout_add_seconds (PERIODIC_S, periodic_cb, self);
  dc_ws_client_start (self->ws);
  dc_sync_engine_sync_now (self);
}

/**
 * dc_sync_engine_stop:
 *
 * No more syncing by itself (a run in progress finishes). Edits keep going to the outbox.
 */
void
dc_sync_engine_stop (DcSyncEngine *self)
{
  g_return_if_fail (DC_IS_SYNC_ENGINE (self));

  self->started = FALSE;
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_clear_handle_id (&self->periodic_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  dc_ws_client_stop (self->ws);
}

void
dc_sync_engine_sync_now (DcSyncEngine *self)
{
  g_return_if_fail (DC_IS_SYNC_ENGINE (self));

  if (self->signed_out)
    return;
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  request_run (self, NULL);
}

void
dc_sync_engine_sync_async (DcSyncEngine        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DC_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_sync_engine_sync_async);
  /* Asked for explicitly: try even after a 401 (the server says again if it still holds). */
  self->signed_out = FALSE;
  request_run (self, task);
}

gboolean
dc_sync_engine_sync_finish (DcSyncEngine  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

DcSyncState
dc_sync_engine_get_state (DcSyncEngine *self)
{
  g_return_val_if_fail (DC_IS_SYNC_ENGINE (self), DC_SYNC_STATE_OFFLINE);

  return self->state;
}

guint
dc_sync_engine_get_pending_count (DcSyncEngine *self)
{
  g_return_val_if_fail (DC_IS_SYNC_ENGINE (self), 0);

  return dc_collection_store_get_pending_count (self->store);
}

const char *
dc_sync_engine_get_error_message (DcSyncEngine *self)
{
  g_return_val_if_fail (DC_IS_SYNC_ENGINE (self), NULL);

  return self->error_message;
}

gint64
dc_sync_engine_get_last_sync_at (DcSyncEngine *self)
{
  g_return_val_if_fail (DC_IS_SYNC_ENGINE (self), 0);

  return self->last_sync_at;
}

/**
 * dc_sync_engine_get_store:
 *
 * Returns: (transfer none): the collection it syncs
 */
DcCollectionStore *
dc_sync_engine_get_store (DcSyncEngine *self)
{
  g_return_val_if_fail (DC_IS_SYNC_ENGINE (self), NULL);

  return self->store;
}

/**
 * dc_sync_engine_get_ws_client:
 *
 * The event socket the engine keeps open while started; other pages may listen to its
 * ::event signal (messages, trades, notifications).
 *
 * Returns: (transfer none): the socket client
 */
DcWsClient *
dc_sync_engine_get_ws_client (DcSyncEngine *self)
{
  g_return_val_if_fail (DC_IS_SYNC_ENGINE (self), NULL);

  return self->ws;
}
