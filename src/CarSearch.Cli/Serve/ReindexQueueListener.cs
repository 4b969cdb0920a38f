using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CarSearch.Core.Hosting;
using CarSearch.Core.Ingest.Reindex;
using CarSearch.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CarSearch.Cli.Serve;

/// <summary>
/// Takes re-index batches from their queue for <c>carsearch serve</c>, as the Functions queue trigger does in Azure:
/// a batch is kept hidden while it is re-embedded (its hiding renewed) and deleted once done; one that fails shows
/// again after a short wait; after host.json's <c>maxDequeueCount</c> takes it is given up (recorded as failed) so the
/// job ends. A batch serve was working on when it stopped or died shows again within <see cref="TakenFor"/>.
/// Storage outages are waited out, never fatal.
/// </summary>
internal sealed class ReindexQueueListener(
    QueueClient queue, ReindexService reindex, TimeProvider time, ILogger<ReindexQueueListener> logger) : BackgroundService
{
    /// <summary>How long a taken batch stays hidden unless renewed: how soon a batch a dead serve held is taken again.</summary>
    public static readonly TimeSpan TakenFor = TimeSpan.FromSeconds(30);

    /// <summary>How soon a failed batch shows again (host.json's <c>visibilityTimeout</c> for the Functions trigger).</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>How often an empty queue is asked: a re-index starts within this of being asked for.</summary>
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between tries while storage is unreachable.</summary>
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly int _maxDequeueCount = HostJson.MaxDequeueCount(AppContext.BaseDirectory);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = IdlePoll;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var taken = await TakeAsync(stoppingToken).ConfigureAwait(false);
                backoff = IdlePoll;
                if (!taken)
                {
                    await Task.Delay(IdlePoll, time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // Storage is unreachable (StorageAvailability reports outages once): wait, then ask again.
                logger.QueueUnreadable(error, queue.Name);
                await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>Takes and handles the batches waiting; false when there were none.</summary>
    private async Task<bool> TakeAsync(CancellationToken stoppingToken)
    {
        QueueMessage[] messages;
        try
        {
            // One at a time: a batch has parallelism of its own, and a batch taken is renewed only while it is worked on.
            messages = (await queue.ReceiveMessagesAsync(maxMessages: 1, TakenFor, stoppingToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            // No re-index was ever started: the queue is made with the first one.
            return false;
        }

        foreach (var message in messages)
        {
            await HandleAsync(message, stoppingToken).ConfigureAwait(false);
        }

        return messages.Length > 0;
    }

    private async Task HandleAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        ReindexBatch batch;
        try
        {
            batch = ReindexBatchMessage.Read(message.Body.ToString());
        }
        catch (FormatException malformed)
        {
            logger.MalformedBatch(queue.Name, malformed.Message);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken).ConfigureAwait(false);
            return;
        }

        using var hidden = new HiddenMessage(queue, message, time);
        try
        {
            if (message.DequeueCount > _maxDequeueCount)
            {
                await reindex.GiveUpAsync(batch, stoppingToken).ConfigureAwait(false);
            }
            else
            {
                await reindex.ProcessAsync(batch, stoppingToken).ConfigureAwait(false);
            }

            await queue.DeleteMessageAsync(message.MessageId, await hidden.StopAsync().ConfigureAwait(false), stoppingToken).ConfigureAwait(false);
        }
        catch (Exception error) when (!stoppingToken.IsCancellationRequested)
        {
            logger.BatchFailed(error, batch.Number, message.DequeueCount, _maxDequeueCount);
            await queue.UpdateMessageAsync(
                message.MessageId, await hidden.StopAsync().ConfigureAwait(false), visibilityTimeout: RetryAfter, cancellationToken: stoppingToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>Keeps a taken message hidden, renewing every half <see cref="TakenFor"/>, until stopped.</summary>
    private sealed class HiddenMessage : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<string> _renewing;

        public HiddenMessage(QueueClient queue, QueueMessage message, TimeProvider time) =>
            _renewing = RenewAsync(queue, message, time, _stop.Token);

        /// <summary>Stops renewing; the pop receipt that now holds the message.</summary>
        public async Task<string> StopAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            return await _renewing.ConfigureAwait(false);
        }

        public void Dispose() => _stop.Dispose();

        private static async Task<string> RenewAsync(QueueClient queue, QueueMessage message, TimeProvider time, CancellationToken stop)
        {
            var receipt = message.PopReceipt;
            try
            {
                while (true)
                {
                    await Task.Delay(TakenFor / 2, time, stop).ConfigureAwait(false);
                    receipt = (await queue.UpdateMessageAsync(message.MessageId, receipt, visibilityTimeout: TakenFor, cancellationToken: stop)
                        .ConfigureAwait(false)).Value.PopReceipt;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return receipt;
            }
        }
    }
}
