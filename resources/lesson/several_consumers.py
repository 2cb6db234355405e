"""Several consumers share one queue.

Three consumer threads take items off the same Queue. Without the handshake
the creator does not wait, so the results arrive in whatever order the
consumers finish. Each consumer needs its own sentinel.
"""

import threading
from queue import Queue


def creator(data, q):
    """Create data to be consumed and wait for the consumer to finish processing."""
    print('Creating data and putting it on the queue')
    for item in data:
        evt = threading.Event()
        q.put((item, evt))
        print('Waiting for data to be doubled')
        # no evt.wait(): the creator does not wait for each item


def my_consumer(q):
    """Consume some data and work on it: here, all it does is double the input."""
    while True:
        job = q.get()
        if job is None:  # the sentinel: no more data will come
            q.task_done()
            break
        data, evt = job
        print('data found to be processed: {}'.format(data))
        processed = data * 2
        print(processed)
        evt.set()
        q.task_done()


if __name__ == '__main__':
    q = Queue()
    data = list(range(1, 13))
    thread_one = threading.Thread(target=creator, args=(data, q))
    consumers = [threading.Thread(target=my_consumer, args=(q,)) for _ in range(3)]
    thread_one.start()
    for thread in consumers:
        thread.start()

    thread_one.join()  # the creator has put every item and seen each one doubled
    q.join()           # every item put on the queue has been marked task_done()
    for thread in consumers:
        q.put(None)    # one sentinel per consumer
    for thread in consumers:
        thread.join()
